#include "ledger/ActiveGenesis.h"

namespace streamsync {

Result<ActiveGenesis> ActiveGenesis::from(const Event &event, const LedgerConfig &config)
{
    if (event.kind() != EventKind::Genesis)
        return fail(QStringLiteral("%1 is not a genesis event").arg(event.shortName()));
    if (event.author() != config.genesisAuthor || event.seq() != 1)
        return fail(QStringLiteral("genesis: only seq 1 of the network's genesis key %1 counts")
                        .arg(Event::shortHex(config.genesisAuthor)));
    auto body = GenesisBody::fromCbor(event.body());
    if (!body)
        return Error{body.error()};
    if (body->paramsHash != config.params.hash())
        return fail(
            QStringLiteral("genesis: its parameters hash %1 differs from this node's %2: "
                           "the node runs other rules than the network")
                .arg(Event::shortHex(body->paramsHash), Event::shortHex(config.params.hash())));
    Money total;
    for (Money grant : body->grants) {
        const auto sum = total.plus(grant);
        if (!sum)
            return fail(QStringLiteral("genesis: the grants add up to more than 2^63 µcr"));
        total = *sum;
    }
    EpochClock clock{body->startMs, config.params.epochLengthMs};
    return ActiveGenesis{event.hash(), std::move(body).value(), total, clock};
}

} // namespace streamsync
