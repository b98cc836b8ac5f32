#pragma once

#include <QList>
#include <QObject>
#include <QStringList>

namespace streamsync {

class NodeLink;
class NodeUploader;
class ObjectFile;
class PeerSet;

// `customer store`: puts one object on `replication` distinct nodes of the peer set. The nodes
// are tried in a seeded random order; a node that refuses or drops out is replaced by the next
// untried one. Done when `replication` nodes hold the whole object, or failed when too few are
// left to get there.
//
// The order is a plain seeded shuffle for now: DESIGN §6 chooses holders with the selection
// code weighted by price per GB-month and reputation, which arrives with issue #5.
class StoreJob : public QObject
{
    Q_OBJECT

public:
    StoreJob(ObjectFile &file, PeerSet &peers, int replication, quint32 seed,
             QObject *parent = nullptr);

    void start();
    bool succeeded() const { return m_done && m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    const QList<NodeLink *> &holders() const { return m_holders; }

Q_SIGNALS:
    void chunkAcked(streamsync::NodeLink *link, qint64 index);
    void finished();

private:
    void launchNext();
    void onUploaderFinished(NodeUploader *uploader);
    void finish(const QString &error);

    ObjectFile &m_file;
    int m_replication;
    QList<NodeLink *> m_candidates;
    int m_nextCandidate = 0;
    int m_active = 0;
    QList<NodeLink *> m_holders;
    QStringList m_failures;
    bool m_done = false;
    QString m_error;
};

} // namespace streamsync
