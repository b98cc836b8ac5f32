#pragma once

#include <QCborMap>
#include <QList>
#include <QObject>
#include <QString>

namespace streamsync {

class NodeLink;
class ObjectSource;

// Stores one object on one node: its manifest first (the node answers with the chunks it still
// lacks, so a repeated or interrupted upload sends only what is missing), then those chunks with
// at most `window` unacknowledged at once. Done when the node acknowledges the object complete
// (its manifest durable there); fails on the first refusal or when the link closes.
class NodeUploader : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultWindow = 8;

    NodeUploader(NodeLink &link, ObjectSource &file, int window = kDefaultWindow,
                 QObject *parent = nullptr);

    void start();
    NodeLink &link() const { return m_link; }
    bool succeeded() const { return m_done && m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    int chunksSent() const { return m_sent; }
    // Succeeded without sending anything: the node held the whole object already.
    bool alreadyHeld() const { return succeeded() && m_alreadyHeld; }

Q_SIGNALS:
    void chunkAcked(qint64 index);
    void finished();

private:
    void onManifestAck(const QCborMap &reply);
    void sendMore();
    void onStoreAck(const QCborMap &reply);
    void finish(const QString &error);

    NodeLink &m_link;
    ObjectSource &m_file;
    int m_window;
    QList<qint64> m_missing;
    int m_next = 0;
    int m_inFlight = 0;
    int m_sent = 0;
    bool m_alreadyHeld = false;
    bool m_done = false;
    QString m_error;
};

} // namespace streamsync
