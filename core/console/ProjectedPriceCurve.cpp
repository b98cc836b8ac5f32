#include "console/ProjectedPriceCurve.h"

namespace streamsync::console {

ProjectedPriceCurve::ProjectedPriceCurve(PriceProjection projection, const Parameters &params,
                                         qint64 queriesPerEpoch, qint64 currentPriceMicro)
    : m_projection(std::move(projection)), m_params(params), m_queries(queriesPerEpoch),
      m_current(currentPriceMicro)
{}

QString ProjectedPriceCurve::outOfBounds(qint64 priceMicro, const Parameters &params)
{
    if (priceMicro < 1)
        return QStringLiteral("%1 µcr is below the minimum price per query of 1 µcr")
            .arg(priceMicro);
    const qint64 max = params.maxPricePerQuery.micro();
    if (priceMicro > max)
        return QStringLiteral("%1 µcr is above the network's maximum price per query of %2 µcr "
                              "(maxPricePerQuery)")
            .arg(priceMicro)
            .arg(max);
    return {};
}

interfaces::PricePoint ProjectedPriceCurve::at(qint64 priceMicro) const
{
    interfaces::PricePoint point;
    point.priceMicro = priceMicro;
    point.whyNot = outOfBounds(priceMicro, m_params);
    if (!point.whyNot.isEmpty())
        return point;
    const auto projected = m_projection.at(Money::fromMicro(priceMicro), m_queries);
    if (!projected) {
        point.whyNot = projected.error();
        return point;
    }
    point.allowed = true;
    point.winShare = projected->winShare;
    point.expectedQueriesWon = projected->expectedQueriesWon;
    point.expectedEarningsMicro = projected->expectedEarnings.micro();
    return point;
}

} // namespace streamsync::console
