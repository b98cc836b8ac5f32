#include "log/EventKind.h"

#include <QLatin1StringView>

#include <array>
#include <utility>

namespace streamsync {

namespace {

// One table serves both directions so a name can never be spelled two ways.
constexpr std::array<std::pair<EventKind, QLatin1StringView>, 14> kNames{{
    {EventKind::Genesis, QLatin1StringView("genesis")},
    {EventKind::Mint, QLatin1StringView("mint")},
    {EventKind::Transfer, QLatin1StringView("transfer")},
    {EventKind::NodeAnnounce, QLatin1StringView("node_announce")},
    {EventKind::Offer, QLatin1StringView("offer")},
    {EventKind::Bond, QLatin1StringView("bond")},
    {EventKind::Unbond, QLatin1StringView("unbond")},
    {EventKind::PaymentVoucher, QLatin1StringView("payment_voucher")},
    {EventKind::RaceReport, QLatin1StringView("race_report")},
    {EventKind::AuditReport, QLatin1StringView("audit_report")},
    {EventKind::LifecycleChange, QLatin1StringView("lifecycle_change")},
    {EventKind::Slash, QLatin1StringView("slash")},
    {EventKind::EpochClose, QLatin1StringView("epoch_close")},
    {EventKind::Escrow, QLatin1StringView("escrow")},
}};

} // namespace

QString eventKindName(EventKind kind)
{
    for (const auto &[value, name] : kNames) {
        if (value == kind)
            return name;
    }
    Q_UNREACHABLE();
}

std::optional<EventKind> eventKindFromString(QStringView name)
{
    for (const auto &[value, text] : kNames) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

} // namespace streamsync
