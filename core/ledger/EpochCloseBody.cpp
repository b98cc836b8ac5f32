#include "ledger/EpochCloseBody.h"

#include "ledger/BodyFields.h"
#include "ledger/KeyAmounts.h"
#include "log/CanonicalCbor.h"

#include <QCborArray>

namespace streamsync {

namespace {

const QString kWhere = QStringLiteral("epoch_close");

Result<QMap<QByteArray, Money>> payoutMap(const BodyFields &f, const char *field)
{
    QCborMap map;
    LEDGER_TAKE(map, f.map(field));
    return KeyAmounts::fromCbor(map, kWhere,
                                QStringLiteral("payouts.") + QString::fromLatin1(field),
                                KeyAmounts::ZeroRefused);
}

Result<Event::DepHead> frontierHead(const QCborValue &value, const QString &name)
{
    const QCborArray pair = value.toArray();
    if (!value.isArray() || pair.size() != 2)
        return fail(QStringLiteral("%1: %2 must be [seq, hash]").arg(kWhere, name));
    qint64 seq = 0;
    LEDGER_TAKE(seq, BodyFields::uintValue(pair.at(0), kWhere, name + QStringLiteral(" seq")));
    if (seq == 0)
        return fail(QStringLiteral("%1: %2 seq must be at least 1").arg(kWhere, name));
    QByteArray hash;
    LEDGER_TAKE(hash, BodyFields::bytesValue(pair.at(1), kWhere, name + QStringLiteral(" hash"),
                                             BodyFields::kHashSize));
    return Event::DepHead{quint64(seq), hash};
}

Result<Event::Deps> frontierFromCbor(const QCborMap &map)
{
    Event::Deps frontier;
    for (auto it = map.begin(); it != map.end(); ++it) {
        QByteArray author;
        LEDGER_TAKE(author, BodyFields::bytesValue(it.key(), kWhere, QStringLiteral("frontier key"),
                                                   BodyFields::kKeySize));
        const QString name = QStringLiteral("frontier[%1]").arg(BodyFields::shortKey(author));
        Event::DepHead head;
        LEDGER_TAKE(head, frontierHead(it.value(), name));
        frontier.insert(author, head);
    }
    return frontier;
}

} // namespace

QCborMap Payouts::toCbor() const
{
    return QCborMap{{QStringLiteral("emission"), emission.micro()},
                    {QStringLiteral("dividend"), KeyAmounts::toCbor(dividend)},
                    {QStringLiteral("subsidy"), KeyAmounts::toCbor(subsidy)},
                    {QStringLiteral("refunds"), KeyAmounts::toCbor(refunds)},
                    {QStringLiteral("releases"), KeyAmounts::toCbor(releases)},
                    {QStringLiteral("pool_before"), poolBefore.micro()},
                    {QStringLiteral("pool_after"), poolAfter.micro()}};
}

Result<Payouts> Payouts::fromCbor(const QCborMap &map)
{
    const BodyFields f(map, kWhere + QStringLiteral(": payouts"));
    Payouts p;
    LEDGER_TAKE(p.emission, f.amount("emission"));
    LEDGER_TAKE(p.dividend, payoutMap(f, "dividend"));
    LEDGER_TAKE(p.subsidy, payoutMap(f, "subsidy"));
    LEDGER_TAKE(p.refunds, payoutMap(f, "refunds"));
    LEDGER_TAKE(p.releases, payoutMap(f, "releases"));
    LEDGER_TAKE(p.poolBefore, f.amount("pool_before"));
    LEDGER_TAKE(p.poolAfter, f.amount("pool_after"));
    return p;
}

QByteArray Payouts::canonical() const
{
    // Integers and byte strings only: the canonical encoder cannot refuse them.
    return cbor::encode(toCbor()).value();
}

QCborMap EpochCloseBody::toCbor() const
{
    QCborMap heads;
    for (auto it = frontier.begin(); it != frontier.end(); ++it)
        heads.insert(QCborValue(it.key()), QCborArray{qint64(it->seq), it->hash});
    return QCborMap{{QStringLiteral("epoch"), epoch},
                    {QStringLiteral("frontier"), heads},
                    {QStringLiteral("payouts"), payouts.toCbor()}};
}

Result<EpochCloseBody> EpochCloseBody::fromCbor(const QCborMap &map)
{
    const BodyFields f(map, kWhere);
    EpochCloseBody b;
    LEDGER_TAKE(b.epoch, f.uint("epoch"));
    QCborMap frontier, payouts;
    LEDGER_TAKE(frontier, f.map("frontier"));
    LEDGER_TAKE(b.frontier, frontierFromCbor(frontier));
    LEDGER_TAKE(payouts, f.map("payouts"));
    LEDGER_TAKE(b.payouts, Payouts::fromCbor(payouts));
    return b;
}

} // namespace streamsync
