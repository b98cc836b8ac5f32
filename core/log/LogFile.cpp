#include "log/LogFile.h"

#include "crypto/Ed25519.h"
#include "log/LogReader.h"

#include <QIODevice>

#include <optional>

namespace streamsync {

namespace {

// The last event checked in the chain being read. Only the head is kept, not the feed, so a
// verification holds constant memory however long each chain is.
struct ChainHead
{
    QByteArray author;
    quint64 seq = 0;
    QByteArray hash;
    std::optional<Ed25519PublicKey> key;
};

Result<void> checkOrder(const ChainHead &head, const Event &event)
{
    if (!head.author.isEmpty() && event.author() < head.author)
        return fail(QStringLiteral("not in (author, seq) order: author %1 after author %2")
                        .arg(Event::shortHex(event.author()), Event::shortHex(head.author)));
    if (event.author() == head.author && event.seq() <= head.seq)
        return fail(QStringLiteral("not in (author, seq) order: seq %1 after seq %2")
                        .arg(event.seq())
                        .arg(head.seq));
    return {};
}

Result<void> checkLink(ChainHead &head, const Event &event)
{
    if (event.author() != head.author) {
        auto key = Ed25519PublicKey::fromRaw(event.author());
        if (!key)
            return Error{key.error()};
        head = ChainHead{event.author(), 0, QByteArray(Event::kHashSize, '\0'), *key};
    }
    if (event.seq() != head.seq + 1)
        return fail(
            QStringLiteral("gap in seq: expected %1, got %2").arg(head.seq + 1).arg(event.seq()));
    if (event.prev() != head.hash)
        return fail(QStringLiteral("wrong prev: expected %1…, got %2…")
                        .arg(Event::shortHex(head.hash), Event::shortHex(event.prev())));
    if (!event.signatureValid(*head.key))
        return fail(QStringLiteral("bad signature"));
    head.seq = event.seq();
    head.hash = event.hash();
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
    ChainHead head;
    while (!reader.atEnd()) {
        const QString place =
            QStringLiteral("item #%1 at byte %2").arg(reader.itemsRead() + 1).arg(reader.offset());
        auto event = reader.nextEvent();
        if (!event) {
            report.firstError = event.error();
            break;
        }
        auto checked = checkOrder(head, *event);
        if (checked)
            checked = checkLink(head, *event);
        if (!checked) {
            report.firstError =
                QStringLiteral("%1: event %2: %3").arg(place, event->shortName(), checked.error());
            break;
        }
        ++report.eventsPerAuthor[event->author()];
        ++report.events;
    }
    return report;
}

} // namespace streamsync
