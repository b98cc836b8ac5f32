#include "localnet/CompetitorProfile.h"

namespace streamsync {

namespace {

constexpr qint64 kMiB = 1LL << 20;

Money credits(qint64 cr)
{
    return Money::fromMicro(cr * Money::kMicroPerCredit);
}

// Prices in µcr per query, well under the local network's customer maximum (localnet's
// --max-price), so that every node can be chosen and price decides through the weight.
const CompetitorProfile kBase[] = {
    {QStringLiteral("aurora"), QStringLiteral("fixed"), Money::fromMicro(3000), credits(2000), 10,
     5, 2048 * kMiB},
    {QStringLiteral("basalt"), QStringLiteral("undercut"), Money::fromMicro(2800), credits(1500),
     25, 10, 1024 * kMiB},
    {QStringLiteral("cedar"), QStringLiteral("premium"), Money::fromMicro(6000), credits(3000), 5,
     0, 4096 * kMiB},
    {QStringLiteral("dune"), QStringLiteral("walk"), Money::fromMicro(3500), credits(1000), 40, 20,
     1024 * kMiB},
    {QStringLiteral("ember"), QStringLiteral("archive"), Money::fromMicro(4500), credits(800), 80,
     5, 8192 * kMiB},
};

const char *const kMoreNames[] = {"fjord",  "granite", "harbor", "iris",  "juniper", "kestrel",
                                  "linden", "meadow",  "nimbus", "onyx",  "pebble",  "quartz",
                                  "raven",  "sierra",  "tundra", "umber", "vale",    "willow"};

// A later competitor with a strategy already taken: cheaper, slower and flakier each round, so
// the copies do not simply tie with the first one.
CompetitorProfile variant(const CompetitorProfile &base, int round, int index)
{
    CompetitorProfile p = base;
    const int nameIndex = (index - 5) % int(std::size(kMoreNames));
    p.name = QString::fromLatin1(kMoreNames[nameIndex]);
    if (index - 5 >= int(std::size(kMoreNames)))
        p.name += QString::number(index);
    p.offerPrice = Money::fromMicro(base.offerPrice.micro() * (10 - round) / 10);
    p.bond = Money::fromMicro(qMax<qint64>(base.bond.micro() / (round + 1), credits(200).micro()));
    p.latencyMs = base.latencyMs + 20 * round;
    p.failPermille = qMin(200, base.failPermille + 15 * round);
    p.capacityBytes = qMax<qint64>(256 * kMiB, base.capacityBytes / (round + 1));
    return p;
}

} // namespace

QList<CompetitorProfile> CompetitorProfile::roster(int count)
{
    QList<CompetitorProfile> profiles;
    const int bases = int(std::size(kBase));
    // The second undercutter first: an undercut war needs two.
    const int order[] = {1, 0, 3, 2, 4};
    for (int i = 0; i < count; ++i) {
        const int round = i / bases;
        const CompetitorProfile &base = kBase[round == 0 ? i : order[i % bases]];
        profiles.append(round == 0 ? base : variant(base, qMin(round, 5), i));
    }
    return profiles;
}

} // namespace streamsync
