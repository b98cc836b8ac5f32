#include "console/EventSummary.h"

#include "crypto/NodeId.h"
#include "log/Event.h"
#include "money/Money.h"

#include <QCborMap>

namespace streamsync::console {

namespace {

qint64 integer(const QCborMap &body, const char *key)
{
    return body.value(QLatin1String(key)).toInteger();
}

QString text(const QCborMap &body, const char *key)
{
    return body.value(QLatin1String(key)).toString();
}

QString amount(const QCborMap &body, const char *key)
{
    return Money::fromMicro(integer(body, key)).toString();
}

QString shortKey(const QCborMap &body, const char *key)
{
    const QByteArray raw = body.value(QLatin1String(key)).toByteArray();
    return raw.isEmpty() ? QStringLiteral("?") : NodeId::fromPublicKey(raw).shortText();
}

qsizetype entries(const QCborMap &body, const char *key)
{
    return body.value(QLatin1String(key)).toMap().size();
}

QString gigabytes(qint64 bytes)
{
    return QString::number(double(bytes) / 1e9, 'f', 1) + QStringLiteral(" GB");
}

} // namespace

QString summarizeEvent(const Event &event)
{
    const QCborMap &b = event.body();
    switch (event.kind()) {
    case EventKind::Genesis:
        return QStringLiteral("network %1, %2 grants")
            .arg(text(b, "network"))
            .arg(entries(b, "grants"));
    case EventKind::Transfer:
        return QStringLiteral("%1 to %2").arg(amount(b, "amount"), shortKey(b, "to"));
    case EventKind::NodeAnnounce:
        return QStringLiteral("node \"%1\" (%2), quota %3")
            .arg(text(b, "name"), shortKey(b, "public_key"), gigabytes(integer(b, "quota_bytes")));
    case EventKind::Offer:
        return QStringLiteral("offer #%1: %2 µcr/query, %3 µcr/GB-month, %4 free")
            .arg(integer(b, "offer_seq"))
            .arg(integer(b, "price_query"))
            .arg(integer(b, "price_gb_month"))
            .arg(gigabytes(integer(b, "free_bytes")));
    case EventKind::Bond:
    case EventKind::Unbond:
        return amount(b, "amount");
    case EventKind::Escrow:
        return QStringLiteral("%1 for epoch %2").arg(amount(b, "amount")).arg(integer(b, "epoch"));
    case EventKind::PaymentVoucher:
        return QStringLiteral("epoch %1: %2 queries of %3, %4")
            .arg(integer(b, "epoch"))
            .arg(integer(b, "queries"))
            .arg(shortKey(b, "customer"), amount(b, "amount"));
    case EventKind::RaceReport:
    case EventKind::AuditReport:
        return QStringLiteral("epoch %1: %2 node(s)")
            .arg(integer(b, "epoch"))
            .arg(entries(b, "nodes"));
    case EventKind::LifecycleChange:
        return QStringLiteral("%1: %2 → %3 (%4, by %5)")
            .arg(shortKey(b, "node"), text(b, "from"), text(b, "to"), text(b, "why"),
                 text(b, "who"));
    case EventKind::Slash:
        return QStringLiteral("fraud proof against %1").arg(shortKey(b, "node"));
    case EventKind::EpochClose:
        return QStringLiteral("epoch %1 closed, frontier of %2 feed(s)")
            .arg(integer(b, "epoch"))
            .arg(entries(b, "frontier"));
    case EventKind::Mint:
        break;
    }
    return QStringLiteral("%1 field(s)").arg(b.size());
}

} // namespace streamsync::console
