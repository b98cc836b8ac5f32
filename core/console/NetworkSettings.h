#pragma once

#include <QString>
#include <QStringList>

namespace streamsync::console {

// The console's network settings (QSettings, every key in this one place): where its nodes join.
//   network/bootstrap  peers as HOST:PORT@NODEID; empty: the console runs a local network
//   network/config     the network.json of a real network (genesis key and parameters)
//   network/listen     where the console's nodes listen (default 127.0.0.1:0)
struct NetworkSettings
{
    QStringList bootstrap;
    QString networkFile;
    QString listen = QStringLiteral("127.0.0.1:0");

    static NetworkSettings load();
    bool useEmbeddedNetwork() const { return bootstrap.isEmpty(); }
};

} // namespace streamsync::console
