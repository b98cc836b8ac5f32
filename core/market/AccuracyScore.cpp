#include "market/AccuracyScore.h"

namespace streamsync {

void AccuracyScore::observe(bool success, qint64 forgettingPermille)
{
    m_alpha = m_alpha * forgettingPermille / 1000 + (success ? kUnit : 0);
    m_beta = m_beta * forgettingPermille / 1000 + (success ? 0 : kUnit);
}

} // namespace streamsync
