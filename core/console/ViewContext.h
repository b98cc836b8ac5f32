#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace streamsync::console {

// One of the operator's nodes as the market views need it.
struct OwnNode
{
    QString id; // hex
    QByteArray publicKey;
    QString name;
    QString folder;
    qint64 quotaBytes = 0;
};

// Which node database the market views read (the "view node": the first own node that runs,
// else the local network's first competitor) and whose nodes are the operator's.
struct ViewContext
{
    QString folder;      // the view node's folder (node.sqlite, network.json)
    QString networkFile; // the network's config when the folder has none
    QList<OwnNode> own;
    qint64 nowMs = 0;

    QString databasePath() const;
};

} // namespace streamsync::console
