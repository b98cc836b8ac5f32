#pragma once

#include "localnet/CompetitorProfile.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace streamsync {

// Where everything of a prepared local network lives (LocalNetworkSetup), in `dir`:
//   passphrase      the local passphrase of every key below (0600; a play network's keys)
//   genesis.key     the genesis key; genesis.cbor its signed genesis event
//   network.json    genesis key and parameter overrides (NetworkConfig), for every process
//   nodes/NAME/     one competitor's node folder; logs/NAME.log its output
//   customer/       the customer's key, feed and object book; objects/ the files it stores
//   localnet.json   what runs (LocalnetManifest)
struct LocalNetworkLayout
{
    struct Node
    {
        CompetitorProfile profile;
        QString dir;
        QString idHex;
        QByteArray publicKey;
    };

    QString dir;
    QString passphraseFile;
    QString networkFile;
    QString customerDir;
    QString customerIdHex;
    QByteArray customerKey;
    QString logsDir;
    QList<QString> objectFiles;
    QList<Node> nodes;
    qint64 genesisStartMs = 0;

    QString logPath(const QString &name) const;
};

} // namespace streamsync
