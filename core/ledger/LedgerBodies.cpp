#include "ledger/LedgerBodies.h"

#include "ledger/BodyFields.h"
#include "ledger/KeyAmounts.h"
#include "node/LifecycleState.h"

namespace streamsync {

namespace {

QString kindName(const char *kind)
{
    return QString::fromLatin1(kind);
}

} // namespace

QCborMap GenesisBody::toCbor() const
{
    return QCborMap{{QStringLiteral("network"), network},
                    {QStringLiteral("params"), paramsHash},
                    {QStringLiteral("start_ms"), startMs},
                    {QStringLiteral("grants"), KeyAmounts::toCbor(grants)}};
}

Result<GenesisBody> GenesisBody::fromCbor(const QCborMap &map)
{
    const BodyFields f(map, kindName("genesis"));
    GenesisBody b;
    LEDGER_TAKE(b.network, f.text("network"));
    LEDGER_TAKE(b.paramsHash, f.bytes("params", BodyFields::kHashSize));
    LEDGER_TAKE(b.startMs, f.uint("start_ms"));
    QCborMap grants;
    LEDGER_TAKE(grants, f.map("grants"));
    LEDGER_TAKE(b.grants, KeyAmounts::fromCbor(grants, f.where(), QStringLiteral("grants"),
                                               KeyAmounts::ZeroAllowed));
    return b;
}

QCborMap TransferBody::toCbor() const
{
    return QCborMap{{QStringLiteral("to"), to}, {QStringLiteral("amount"), amount.micro()}};
}

Result<TransferBody> TransferBody::fromCbor(const QCborMap &map)
{
    const BodyFields f(map, kindName("transfer"));
    TransferBody b;
    LEDGER_TAKE(b.to, f.key("to"));
    LEDGER_TAKE(b.amount, f.amount("amount", true));
    return b;
}

QCborMap OfferBody::toCbor() const
{
    return QCborMap{{QStringLiteral("offer_seq"), offerSeq},
                    {QStringLiteral("price_query"), priceQuery.micro()},
                    {QStringLiteral("price_gb_month"), priceGbMonth.micro()},
                    {QStringLiteral("free_bytes"), freeBytes}};
}

Result<OfferBody> OfferBody::fromCbor(const QCborMap &map)
{
    const BodyFields f(map, kindName("offer"));
    OfferBody b;
    LEDGER_TAKE(b.offerSeq, f.uint("offer_seq"));
    LEDGER_TAKE(b.priceQuery, f.amount("price_query"));
    LEDGER_TAKE(b.priceGbMonth, f.amount("price_gb_month"));
    LEDGER_TAKE(b.freeBytes, f.uint("free_bytes"));
    if (b.priceQuery.isZero())
        return f.error(QStringLiteral("price_query must be at least 1 µcr (a free query would "
                                      "make every other price ratio infinite)"));
    return b;
}

Result<void> OfferBody::checkCaps(const Parameters &params) const
{
    if (priceQuery > params.maxPricePerQuery)
        return fail(QStringLiteral("offer: price_query %1 is above the network's maximum %2")
                        .arg(priceQuery.toString(), params.maxPricePerQuery.toString()));
    if (priceGbMonth > params.maxPricePerGbMonth)
        return fail(QStringLiteral("offer: price_gb_month %1 is above the network's maximum %2")
                        .arg(priceGbMonth.toString(), params.maxPricePerGbMonth.toString()));
    return {};
}

QCborMap StakeAmountBody::toCbor() const
{
    return QCborMap{{QStringLiteral("amount"), amount.micro()}};
}

Result<StakeAmountBody> StakeAmountBody::fromCbor(const QCborMap &map, const QString &kind)
{
    const BodyFields f(map, kind);
    StakeAmountBody b;
    LEDGER_TAKE(b.amount, f.amount("amount", true));
    return b;
}

QCborMap EscrowBody::toCbor() const
{
    return QCborMap{{QStringLiteral("epoch"), epoch}, {QStringLiteral("amount"), amount.micro()}};
}

Result<EscrowBody> EscrowBody::fromCbor(const QCborMap &map)
{
    const BodyFields f(map, kindName("escrow"));
    EscrowBody b;
    LEDGER_TAKE(b.epoch, f.uint("epoch"));
    LEDGER_TAKE(b.amount, f.amount("amount", true));
    return b;
}

QCborMap PaymentVoucherBody::toCbor() const
{
    return QCborMap{{QStringLiteral("customer"), customer},
                    {QStringLiteral("epoch"), epoch},
                    {QStringLiteral("queries"), queries},
                    {QStringLiteral("amount"), amount.micro()},
                    {QStringLiteral("customer_sig"), customerSig}};
}

Result<PaymentVoucherBody> PaymentVoucherBody::fromCbor(const QCborMap &map)
{
    const BodyFields f(map, kindName("payment_voucher"));
    PaymentVoucherBody b;
    LEDGER_TAKE(b.customer, f.key("customer"));
    LEDGER_TAKE(b.epoch, f.uint("epoch"));
    LEDGER_TAKE(b.queries, f.uint("queries"));
    LEDGER_TAKE(b.amount, f.amount("amount"));
    LEDGER_TAKE(b.customerSig, f.bytes("customer_sig", BodyFields::kSigSize));
    return b;
}

QCborMap NodeAnnounceBody::toCbor() const
{
    return QCborMap{{QStringLiteral("name"), name},
                    {QStringLiteral("public_key"), publicKey},
                    {QStringLiteral("quota_bytes"), quotaBytes}};
}

Result<NodeAnnounceBody> NodeAnnounceBody::fromCbor(const QCborMap &map)
{
    const BodyFields f(map, kindName("node_announce"));
    NodeAnnounceBody b;
    LEDGER_TAKE(b.name, f.text("name"));
    LEDGER_TAKE(b.publicKey, f.key("public_key"));
    LEDGER_TAKE(b.quotaBytes, f.uint("quota_bytes"));
    return b;
}

QCborMap LifecycleChangeBody::toCbor() const
{
    return QCborMap{{QStringLiteral("node"), node},
                    {QStringLiteral("from"), from},
                    {QStringLiteral("to"), to},
                    {QStringLiteral("why"), why},
                    {QStringLiteral("who"), who}};
}

Result<LifecycleChangeBody> LifecycleChangeBody::fromCbor(const QCborMap &map)
{
    const BodyFields f(map, kindName("lifecycle_change"));
    LifecycleChangeBody b;
    LEDGER_TAKE(b.node, f.key("node"));
    LEDGER_TAKE(b.from, f.text("from"));
    LEDGER_TAKE(b.to, f.text("to"));
    LEDGER_TAKE(b.why, f.text("why"));
    LEDGER_TAKE(b.who, f.text("who"));
    if (!lifecycleStateFromString(b.to))
        return f.error(QStringLiteral("to '%1' is not a lifecycle state").arg(b.to.left(40)));
    return b;
}

} // namespace streamsync
