#include "ledger/KeyAmounts.h"

#include "ledger/BodyFields.h"

namespace streamsync {

QCborMap KeyAmounts::toCbor(const QMap<QByteArray, Money> &amounts)
{
    QCborMap map;
    for (auto it = amounts.begin(); it != amounts.end(); ++it)
        map.insert(QCborValue(it.key()), it.value().micro());
    return map;
}

Result<QMap<QByteArray, Money>> KeyAmounts::fromCbor(const QCborMap &map, const QString &where,
                                                     const QString &name, Zero zero)
{
    QMap<QByteArray, Money> amounts;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const auto key = BodyFields::bytesValue(it.key(), where, name + QStringLiteral(" key"),
                                                BodyFields::kKeySize);
        if (!key)
            return Error{key.error()};
        const QString entry = QStringLiteral("%1[%2]").arg(name, BodyFields::shortKey(*key));
        const auto amount = BodyFields::amountValue(it.value(), where, entry, zero == ZeroRefused);
        if (!amount)
            return Error{amount.error()};
        amounts.insert(*key, *amount);
    }
    return amounts;
}

} // namespace streamsync
