#include "daemon/ServingProfile.h"

namespace streamsync {

ServingProfile::ServingProfile(Settings settings, quint64 seed)
    : m_settings(settings), m_random(seed)
{}

bool ServingProfile::failsNext()
{
    // No draw at 0‰, so a default profile leaves the generator (and any replay) untouched.
    if (m_settings.failPermille <= 0)
        return false;
    return m_random.bounded(kPermille) < quint64(m_settings.failPermille);
}

bool ServingProfile::isDefault() const
{
    return m_settings.latencyMs == 0 && m_settings.failPermille == 0 &&
           m_settings.capacityBytes == kUnlimited;
}

} // namespace streamsync
