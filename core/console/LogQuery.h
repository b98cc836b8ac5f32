#pragma once

#include "interfaces/MarketData.h"
#include "util/Result.h"

#include <QList>
#include <QString>

namespace streamsync::console {

class ProjectionReader;

// The Log view (DESIGN §9) over the view node's `events` table: the newest events, filtered;
// a re-check of every stored signature and chain with the log's own rules (FeedRules); and the
// RFC 8742 export (EventStore::exportTo).
class LogQuery
{
public:
    // Newest first; `filter` matches the kind or the author's short id (case-insensitive).
    static Result<QList<interfaces::LogEntry>> entries(ProjectionReader &reader,
                                                       const QString &filter, int limit);
    // "N events of M feeds verified" or what failed, by feed and seq.
    static Result<QString> verify(ProjectionReader &reader);
    static Result<QString> exportTo(ProjectionReader &reader, const QString &path);
};

} // namespace streamsync::console
