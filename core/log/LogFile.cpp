#include "log/LogFile.h"

#include "log/FeedRules.h"
#include "log/LogReader.h"

#include <QIODevice>

#include <optional>

namespace streamsync {

namespace {

// The chain being read: its rules and last event. Only the head is kept, not the feed, so a
// verification holds constant memory however long each chain is.
struct Chain
{
    std::optional<FeedRules> rules;
    FeedRules::Head head;
};

Result<void> checkOrder(const Chain &chain, const Event &event)
{
    if (!chain.rules)
        return {};
    const QByteArray &author = chain.rules->author();
    if (event.author() < author)
        return fail(QStringLiteral("not in (author, seq) order: author %1 after author %2")
                        .arg(Event::shortHex(event.author()), Event::shortHex(author)));
    if (event.author() == author && event.seq() <= chain.head.seq)
        return fail(QStringLiteral("not in (author, seq) order: seq %1 after seq %2")
                        .arg(event.seq())
                        .arg(chain.head.seq));
    return {};
}

// The same rules a feed applies to a delivered event; checkOrder() has already ruled out a seq
// the chain holds, so the event either extends the chain or is refused.
Result<void> checkLink(Chain &chain, const Event &event, qsizetype maxEventBytes)
{
    if (!chain.rules || event.author() != chain.rules->author()) {
        chain.rules.emplace(event.author(), maxEventBytes);
        chain.head = FeedRules::Head::empty();
    }
    if (const auto placement = chain.rules->check(event, chain.head); !placement)
        return Error{placement.error()};
    chain.head = FeedRules::Head{event.seq(), event.hash()};
    return {};
}

} // namespace

Result<void> writeSequence(QIODevice &device, const QList<QByteArray> &encodedEvents)
{
    for (qsizetype i = 0; i < encodedEvents.size(); ++i) {
        if (device.write(encodedEvents[i]) != encodedEvents[i].size())
            return fail(QStringLiteral("could not write event #%1 of the log: %2")
                            .arg(i + 1)
                            .arg(device.errorString()));
    }
    return {};
}

Result<LogVerifyReport> verifySequence(QIODevice &device, qsizetype maxEventBytes)
{
    if (!device.isReadable())
        return fail(QStringLiteral("the log cannot be read: %1").arg(device.errorString()));
    LogReader reader(&device, maxEventBytes);
    LogVerifyReport report;
    Chain chain;
    while (!reader.atEnd()) {
        const QString place =
            QStringLiteral("item #%1 at byte %2").arg(reader.itemsRead() + 1).arg(reader.offset());
        auto event = reader.nextEvent();
        if (!event) {
            report.firstError = event.error();
            break;
        }
        if (auto ordered = checkOrder(chain, *event); !ordered) {
            report.firstError =
                QStringLiteral("%1: event %2: %3").arg(place, event->shortName(), ordered.error());
            break;
        }
        // The rules' message already names the feed and seq.
        if (auto linked = checkLink(chain, *event, maxEventBytes); !linked) {
            report.firstError = QStringLiteral("%1: %2").arg(place, linked.error());
            break;
        }
        ++report.eventsPerAuthor[event->author()];
        ++report.events;
    }
    return report;
}

} // namespace streamsync
