#include "cli/Commands.h"
#include "cli/MarketOptions.h"
#include "cli/PassphraseSource.h"
#include "daemon/MarketActions.h"
#include "db/Database.h"
#include "ledger/LedgerBodies.h"
#include "log/EventStore.h"
#include "node/NodeHome.h"
#include "util/Clock.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <functional>

namespace streamsync::cli {

namespace {

QCommandLineOption networkOption()
{
    return {QStringLiteral("network"),
            QStringLiteral("The network's config (default: DIR/network.json, which `run "
                           "--network` keeps; else the default parameters)."),
            QStringLiteral("FILE")};
}

// The node's newest own offer, if it made one: the defaults of what `offer` does not change.
std::optional<OfferBody> currentOffer(NodeHome &home)
{
    auto row = home.database().query(
        QStringLiteral("SELECT bytes FROM events WHERE author = ? AND kind = 'offer' ORDER BY seq "
                       "DESC LIMIT 1"),
        {home.publicKey()});
    if (!row || !row.value().next())
        return std::nullopt;
    const auto event = Event::decode(row->value(0).toByteArray(), 1 << 20);
    if (!event)
        return std::nullopt;
    const auto body = OfferBody::fromCbor(event->body());
    return body ? std::optional<OfferBody>(body.value()) : std::nullopt;
}

// Opens --data DIR, unlocks its key and runs `work` with the node's market actions.
int withActions(const QCommandLineParser &parser, const Parameters &params,
                const std::function<int(NodeHome &, MarketActions &)> &work)
{
    SystemClock clock;
    const auto home = NodeHome::open(parser.value(QStringLiteral("data")), clock);
    if (!home)
        return failWith(home.error());
    const auto passphrase = readPassphrase(parser.value(QStringLiteral("passphrase-file")),
                                           QStringLiteral("Passphrase for the node key: "));
    if (!passphrase)
        return failWith(passphrase.error());
    if (auto unlocked = home.value()->unlock(passphrase.value()); !unlocked)
        return failWith(unlocked.error());
    MarketActions actions(*home.value(), params, clock);
    return work(*home.value(), actions);
}

void printAppended(const Event &event)
{
    QTextStream(stdout) << event.kindName() << " " << QString::fromLatin1(event.hash().toHex())
                        << " at seq " << event.seq() << Qt::endl;
}

Result<qint64> freeBytesOf(const QCommandLineParser &parser, NodeHome &home)
{
    if (parser.isSet(QStringLiteral("free-bytes"))) {
        bool ok = false;
        const qint64 bytes = parser.value(QStringLiteral("free-bytes")).toLongLong(&ok);
        if (!ok || bytes < 0)
            return fail(QStringLiteral("--free-bytes must be a whole number of bytes, 0 or more"));
        return bytes;
    }
    const auto record = home.record();
    if (!record)
        return Error{record.error()};
    return qMax<qint64>(0, record->quotaBytes - record->usedBytes);
}

int makeOffer(const QCommandLineParser &parser, const Parameters &params, Money priceQuery,
              std::optional<Money> priceGbMonth)
{
    return withActions(parser, params, [&](NodeHome &home, MarketActions &actions) {
        PricePair prices{priceQuery, params.incumbentPricePerGbMonth};
        if (priceGbMonth)
            prices.gbMonth = *priceGbMonth;
        else if (const auto current = currentOffer(home))
            prices.gbMonth = current->priceGbMonth;
        const auto freeBytes = freeBytesOf(parser, home);
        if (!freeBytes)
            return failWith(freeBytes.error());
        const auto appended = actions.offer(prices, freeBytes.value());
        if (!appended)
            return failWith(appended.error());
        printAppended(appended.value());
        return int(Success);
    });
}

// `bond` and `unbond`: one amount of the node's stake.
int runStake(const QStringList &arguments, EventKind kind)
{
    QCommandLineParser parser;
    const QString verb = eventKindName(kind);
    parser.setApplicationDescription(
        kind == EventKind::Bond
            ? QStringLiteral("Bond stake from the node's balance (signed into its feed; the "
                             "ledger refuses it if the balance does not cover it).")
            : QStringLiteral("Start unbonding stake; it returns to the balance after the "
                             "network's unbonding period."));
    parser.addOptions({dataOption(),
                       passphraseFileOption(),
                       networkOption(),
                       {QStringLiteral("amount"),
                        QStringLiteral("The amount in µcr (or e.g. "
                                       "\"100 cr\")."),
                        QStringLiteral("MICRO")}});
    if (auto code = parseArguments(parser, arguments))
        return *code;
    if (!parser.isSet(QStringLiteral("amount")))
        return usageError(QStringLiteral("--amount MICRO is required"), parser.helpText());
    const auto amount =
        parsePrice(parser.value(QStringLiteral("amount")), QStringLiteral("--amount"));
    if (!amount)
        return failWith(amount.error());
    const auto params = networkParameters(parser.value(QStringLiteral("data")),
                                          parser.value(QStringLiteral("network")));
    if (!params)
        return failWith(params.error());
    return withActions(parser, params.value(), [&](NodeHome &, MarketActions &actions) {
        const auto appended =
            kind == EventKind::Bond ? actions.bond(amount.value()) : actions.unbond(amount.value());
        if (!appended)
            return failWith(QStringLiteral("cannot %1: %2").arg(verb, appended.error()));
        printAppended(appended.value());
        return int(Success);
    });
}

} // namespace

int runOffer(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Sign and publish the node's offer: its prices and free space. A newer "
                       "offer supersedes the older one network-wide."));
    parser.addOptions(
        {dataOption(),
         passphraseFileOption(),
         networkOption(),
         {QStringLiteral("price-query"), QStringLiteral("Price per query in µcr (1 or more)."),
          QStringLiteral("MICRO")},
         {QStringLiteral("price-gb-month"),
          QStringLiteral("Price per GB-month stored in µcr (default: the current offer's)."),
          QStringLiteral("MICRO")},
         {QStringLiteral("free-bytes"),
          QStringLiteral("Free space offered (default: quota minus used)."), QStringLiteral("N")}});
    if (auto code = parseArguments(parser, arguments))
        return *code;
    if (!parser.isSet(QStringLiteral("price-query")))
        return usageError(QStringLiteral("--price-query MICRO is required"), parser.helpText());
    // Prices are checked before the passphrase is asked for: a typo costs no key derivation.
    const auto priceQuery =
        parsePrice(parser.value(QStringLiteral("price-query")), QStringLiteral("--price-query"));
    if (!priceQuery)
        return failWith(priceQuery.error());
    std::optional<Money> priceGbMonth;
    if (parser.isSet(QStringLiteral("price-gb-month"))) {
        const auto parsed = parsePrice(parser.value(QStringLiteral("price-gb-month")),
                                       QStringLiteral("--price-gb-month"));
        if (!parsed)
            return failWith(parsed.error());
        priceGbMonth = parsed.value();
    }
    const auto params = networkParameters(parser.value(QStringLiteral("data")),
                                          parser.value(QStringLiteral("network")));
    if (!params)
        return failWith(params.error());
    const PricePair checked{priceQuery.value(), priceGbMonth.value_or(Money())};
    if (auto bounded = MarketActions::checkPrices(checked, params.value()); !bounded)
        return failWith(bounded.error());
    return makeOffer(parser, params.value(), priceQuery.value(), priceGbMonth);
}

int runBond(const QStringList &arguments)
{
    return runStake(arguments, EventKind::Bond);
}

int runUnbond(const QStringList &arguments)
{
    return runStake(arguments, EventKind::Unbond);
}

} // namespace streamsync::cli
