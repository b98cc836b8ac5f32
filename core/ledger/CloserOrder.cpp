#include "ledger/CloserOrder.h"

#include "crypto/Sha256.h"
#include "market/SeededRandom.h"

#include <QtEndian>

#include <algorithm>
#include <cmath>

namespace streamsync {

quint64 CloserOrder::seed(const QByteArray &previousCloseHash, qint64 epoch)
{
    QByteArray input = previousCloseHash;
    input.append(8, '\0');
    qToBigEndian(quint64(epoch), input.data() + input.size() - 8);
    return qFromBigEndian<quint64>(sha256(input).constData());
}

QList<QByteArray> CloserOrder::order(const QMap<QByteArray, Money> &bonded,
                                     const QByteArray &previousCloseHash, qint64 epoch,
                                     const QByteArray &genesisAuthor)
{
    struct Keyed
    {
        double key; // ln(u)/stake: the log of u^(1/stake), larger is earlier
        QByteArray node;
    };
    SeededRandom random(seed(previousCloseHash, epoch));
    QList<Keyed> keyed;
    for (auto it = bonded.begin(); it != bonded.end(); ++it) {
        if (it.value().micro() > 0)
            keyed.append({std::log(random.nextOpenUnit()) / double(it.value().micro()), it.key()});
    }
    if (keyed.isEmpty())
        return {genesisAuthor};
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const Keyed &a, const Keyed &b) { return a.key > b.key; });
    QList<QByteArray> nodes;
    for (const Keyed &k : keyed)
        nodes.append(k.node);
    return nodes;
}

} // namespace streamsync
