#include "cli/MarketOptions.h"

#include "daemon/MarketSettings.h"
#include "ledger/NetworkConfig.h"

#include <QFile>
#include <QRegularExpression>

namespace streamsync::cli {

Result<Money> parsePrice(const QString &text, const QString &flag)
{
    static const QRegularExpression integer(QStringLiteral(R"(^\s*-?\d+\s*$)"));
    // A bare integer is µcr here, where Money's parser reads it as credits.
    const QString written =
        integer.match(text).hasMatch() ? text.trimmed() + QStringLiteral(" ucr") : text;
    const auto parsed = Money::parse(written);
    if (!parsed)
        return fail(QStringLiteral("%1: %2").arg(flag, parsed.error()));
    return parsed;
}

Result<Parameters> networkParameters(const QString &dataDir, const QString &networkFile)
{
    QString path = networkFile;
    if (path.isEmpty()) {
        path = MarketSettings::networkCopyPath(dataDir);
        if (!QFile::exists(path))
            return Parameters::defaults();
    }
    const auto config = NetworkConfig::load(path);
    if (!config)
        return Error{config.error()};
    return config->params;
}

} // namespace streamsync::cli
