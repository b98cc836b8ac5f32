#pragma once

#include "localnet/LocalnetManifest.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QStringList>

#include <memory>

namespace streamsync {
class LocalNetwork;
}

namespace streamsync::console {

// The console's embedded default network (DESIGN §8): core/localnet's LocalNetwork (competitor
// nodes and a customer workload as child processes) in a folder of the profile, run on the
// service's thread with signals only. Once it runs, its manifest (localnet.json) says where the
// console's own nodes join: its network.json and every competitor's address.
class EmbeddedNetwork : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString dir;
        QString program; // streamsync-node
        int competitors = 6;
        qint64 epochMs = 30'000;
        int rate = 20;
    };

    explicit EmbeddedNetwork(QObject *parent = nullptr);
    // Stops every child and waits for them (the console is going away).
    ~EmbeddedNetwork() override;

    void start(const Options &options);
    void stop();

    bool isStarting() const { return m_starting; }
    bool isReady() const { return m_ready; }
    // Finishes once the network runs or could not start (at once when neither is pending).
    QFuture<void> settled();

    // What runs and where (as localnet.json has it), as of the last start or failure.
    const LocalnetManifest &manifest() const { return m_manifest; }
    QString networkFile() const { return m_ready ? m_manifest.network : QString(); }
    // HOST:PORT@NODEID of every competitor that listens.
    QStringList peers() const;
    // The first competitor's data folder: the market views read its database until one of the
    // operator's own nodes runs.
    QString firstCompetitorFolder() const;
    QList<qint64> pids() const;
    // The most the local customer pays per query (µcr; its `--max-price`); 0 when no local
    // network runs. The price projection uses it instead of the protocol's cap.
    qint64 customerMaxPriceMicro() const;
    // One of the operator's own nodes listens at `peer` (HOST:PORT@NODEID): the local customer
    // stores its objects there too and races it (LocalNetwork::admitGuest). Ignored when no
    // local network runs.
    void admit(const QString &peer);

Q_SIGNALS:
    void statusChanged(const QString &summary);
    void ready();

private:
    void onStarted();
    void onFailed(const QString &process, const QString &reason);
    void settle();
    void reloadManifest();

    LocalNetwork *m_network = nullptr; // a child of this object
    LocalnetManifest m_manifest;
    QList<std::shared_ptr<QPromise<void>>> m_waiting;
    bool m_starting = false;
    bool m_ready = false;
};

} // namespace streamsync::console
