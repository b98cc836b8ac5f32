#include "console/NodeLauncher.h"

#include "daemon/AdminToken.h"
#include "node/NodeHome.h"
#include "node/OperatorProfile.h"
#include "util/Clock.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>

namespace streamsync::console {

Result<PreparedNode> prepareNode(OperatorProfile &profile, const QString &nodeId)
{
    const auto launch = profile.launch(nodeId);
    if (!launch)
        return Error{launch.error()};
    const NodeRecord &node = launch->node;
    if (!QFile::exists(NodeHome::databasePath(node.folder))) {
        const SystemClock clock;
        const auto home =
            NodeHome::adopt(node.folder, node.name, node.quotaBytes, launch->passphrase, clock);
        if (!home)
            return Error{home.error()};
    }
    const QString tokenPath = AdminToken::defaultPath(node.folder);
    if (const auto created = AdminToken::createIfAbsent(tokenPath); !created)
        return Error{created.error()};
    const auto token = AdminToken::load(tokenPath);
    if (!token)
        return Error{token.error()};
    return PreparedNode{node.id,    node.name,          node.folder,
                        node.state, launch->passphrase, token->secret()};
}

NodeProcess::Launch launchFor(const PreparedNode &node, const NetworkJoin &join,
                              const QString &program)
{
    QStringList arguments{QStringLiteral("run"),
                          QStringLiteral("--data"),
                          node.folder,
                          QStringLiteral("--listen"),
                          join.listen,
                          QStringLiteral("--admin"),
                          QStringLiteral("127.0.0.1:0"),
                          QStringLiteral("--admin-token-file"),
                          AdminToken::defaultPath(node.folder)};
    if (!join.networkFile.isEmpty())
        arguments << QStringLiteral("--network") << join.networkFile;
    if (!join.networkFile.isEmpty() && join.firstOfferMicro > 0)
        arguments << QStringLiteral("--offer-price") << QString::number(join.firstOfferMicro);
    for (const QString &peer : join.peers)
        arguments << QStringLiteral("--peer") << peer;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("STREAMSYNC_PASSPHRASE"), node.passphrase);
    return {program, arguments, environment,
            QDir(node.folder).filePath(QStringLiteral("console-run.log"))};
}

} // namespace streamsync::console
