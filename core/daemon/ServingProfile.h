#pragma once

#include "market/SeededRandom.h"

#include <QtGlobal>

#include <limits>

namespace streamsync {

// The hardware a competitor node of the local network plays (DESIGN §8: "varied hardware
// profiles"), from `run --latency-ms N --fail-rate PERMILLE --capacity-bytes N`: every answer is
// held back `latencyMs` (on a timer, never blocking the event loop), `failPermille` of the
// queries are answered with an error instead of the chunk (seeded, so a run can be replayed),
// and the store holds at most `capacityBytes` whatever the node's quota says. The defaults
// change nothing: a real node serves as fast and as well as it can.
class ServingProfile
{
public:
    static constexpr qint64 kUnlimited = std::numeric_limits<qint64>::max();
    static constexpr int kPermille = 1000;

    struct Settings
    {
        int latencyMs = 0;
        int failPermille = 0; // 0..1000
        qint64 capacityBytes = kUnlimited;
    };

    ServingProfile(Settings settings, quint64 seed);

    const Settings &settings() const { return m_settings; }
    int latencyMs() const { return m_settings.latencyMs; }
    // The store's quota under this profile.
    qint64 capacityFor(qint64 quotaBytes) const
    {
        return qMin(quotaBytes, m_settings.capacityBytes);
    }
    // Rolls the dice for one query: true means answer it with an error.
    bool failsNext();
    bool isDefault() const;

private:
    Settings m_settings;
    SeededRandom m_random;
};

} // namespace streamsync
