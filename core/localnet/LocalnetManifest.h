#pragma once

#include "util/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace streamsync {

// `DIR/localnet.json`: what runs in a local network, for the console and for scripts that join
// it (a node joins with `--network <network>` and `--peer <listen>@<node_id>` of any node here).
// Rewritten whenever a process starts, stops or moves; written aside and renamed, so a reader
// never sees half a file.
//
//   {"dir", "network", "passphrase_file", "epoch_ms", "rate", "pid", "objects": [hex],
//    "processes": [{"name", "role": "node"|"customer", "node_id", "listen", "data_dir",
//                   "strategy", "offer_price", "bond", "latency_ms", "fail_permille",
//                   "capacity_bytes", "pid", "state": "starting"|"running"|"stopped"|"failed"}]}
struct LocalnetManifest
{
    struct Process
    {
        QString name;
        QString role;   // "node" or "customer"
        QString nodeId; // hex; the customer's id for the customer
        QString listen; // "HOST:PORT"; empty for the customer
        QString dataDir;
        QString strategy;
        qint64 offerPriceMicro = 0;
        qint64 bondMicro = 0;
        int latencyMs = 0;
        int failPermille = 0;
        qint64 capacityBytes = 0;
        qint64 pid = 0;
        QString state;

        QJsonObject toJson() const;
        static Process fromJson(const QJsonObject &json);
        // "HOST:PORT@ID", as --peer expects it; empty unless a node listens.
        QString peerArgument() const;
    };

    QString dir;
    QString network; // path of network.json
    QString passphraseFile;
    qint64 epochMs = 0;
    int rate = 0;
    qint64 pid = 0; // the process that runs the network
    QStringList objects;
    QList<Process> processes;

    static QString pathIn(const QString &dir);
    Result<void> save() const;
    static Result<LocalnetManifest> load(const QString &dir);
};

} // namespace streamsync
