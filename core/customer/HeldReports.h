#pragma once

#include "ledger/ReportBodies.h"
#include "util/Result.h"

#include <QString>

#include <optional>

namespace streamsync {

// A customer stopped in the middle of an epoch that will be started again soon (the local
// network restarts its customer to admit a new node) keeps that epoch's race and audit reports
// in its folder instead of publishing them: the ledger takes one report per customer and epoch,
// so publishing half would lose the other half. The next run absorbs them into its own tally
// for the same epoch, or publishes them at once if that epoch is over. `DIR/held-reports.cbor`,
// written aside and renamed.
class HeldReports
{
public:
    struct Reports
    {
        RaceReportBody races;
        AuditReportBody audits;
    };

    static QString pathIn(const QString &dir);
    static Result<void> save(const QString &path, const Reports &reports);
    // Reads and removes the file; nothing when there is none. A damaged file is an error (and
    // stays, for a person to look at).
    static Result<std::optional<Reports>> take(const QString &path);
};

} // namespace streamsync
