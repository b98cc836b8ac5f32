#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace streamsync {

// The kinds of event in the log (DESIGN.md §4). The text names are part of the signed encoding,
// so they never change once released; new kinds are only ever added.
enum class EventKind {
    Genesis,
    Mint,
    Transfer,
    NodeAnnounce,
    Offer,
    Bond,
    Unbond,
    PaymentVoucher,
    RaceReport,
    AuditReport,
    LifecycleChange,
    Slash,
    EpochClose,
    Escrow, // docs/market.md: a customer's funds for one epoch's queries
};

// The snake_case name written in the event's `kind` field, e.g. "node_announce".
QString eventKindName(EventKind kind);
std::optional<EventKind> eventKindFromString(QStringView name);

} // namespace streamsync
