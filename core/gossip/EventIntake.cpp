#include "gossip/EventIntake.h"

#include "db/Database.h"
#include "log/EventStore.h"

namespace streamsync {

namespace {

void count(IntakeReport &report, EventStore::AcceptOutcome outcome, const QByteArray &event)
{
    switch (outcome) {
    case EventStore::AcceptOutcome::Stored:
        ++report.stored;
        break;
    case EventStore::AcceptOutcome::Duplicate:
        ++report.duplicates;
        break;
    case EventStore::AcceptOutcome::Fork:
        report.forks.append(event);
        break;
    }
}

} // namespace

IntakeReport acceptBatch(EventStore &store, Database &db, const QList<QByteArray> &events)
{
    IntakeReport report;
    const auto committed = db.transaction([&]() -> Result<void> {
        for (const QByteArray &event : events) {
            Refusal why = Refusal::None;
            const auto outcome = store.accept(event, &why);
            if (outcome) {
                count(report, *outcome, event);
                continue;
            }
            if (why == Refusal::None)
                return Error{outcome.error()};
            report.refusal = why;
            report.refusalText = outcome.error();
            return {};
        }
        return {};
    });
    if (!committed) {
        report = IntakeReport{};
        report.failure = committed.error();
    }
    return report;
}

} // namespace streamsync
