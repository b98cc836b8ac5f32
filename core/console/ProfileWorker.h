#pragma once

#include "console/ProjectionReader.h"
#include "console/ViewContext.h"
#include "util/Result.h"

#include <QFuture>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <memory>

namespace streamsync {
class OperatorProfile;
}

namespace streamsync::console {

// The service's one worker thread and what only it touches: the operator's profile (its SQLite
// connection) and the ProjectionReader of the view node (its own read-only connection). A pool
// of exactly one thread that never expires, so each connection stays on the thread that opened
// it; everything queued runs in order (qBittorrent's owned I/O thread).
class ProfileWorker
{
public:
    explicit ProfileWorker(std::shared_ptr<OperatorProfile> profile);
    // Closes the connections on the worker, after what is queued, and joins it.
    ~ProfileWorker();

    template <typename T> QFuture<Result<T>> run(std::function<Result<T>(OperatorProfile &)> work)
    {
        auto profile = m_profile;
        return QtConcurrent::run(&m_pool, [profile, work] { return work(*profile); });
    }

    // Runs `work` with the view node's database open and the operator's nodes known to it.
    template <typename T>
    QFuture<Result<T>> view(const ViewContext &context,
                            std::function<Result<T>(ProjectionReader &)> work)
    {
        auto profile = m_profile;
        auto reader = m_reader;
        return QtConcurrent::run(&m_pool, [profile, reader, context, work]() -> Result<T> {
            if (auto used = reader->use(withOwnNodes(*profile, context)); !used)
                return Error{used.error()};
            return work(*reader);
        });
    }

    // Anything else that must run on the worker (the poll).
    template <typename F> auto post(F work) { return QtConcurrent::run(&m_pool, std::move(work)); }

    const std::shared_ptr<OperatorProfile> &profile() const { return m_profile; }
    const std::shared_ptr<ProjectionReader> &reader() const { return m_reader; }

    // `context` with the profile's nodes as the operator's own (on the worker).
    static ViewContext withOwnNodes(OperatorProfile &profile, ViewContext context);

private:
    std::shared_ptr<OperatorProfile> m_profile;
    std::shared_ptr<ProjectionReader> m_reader = std::make_shared<ProjectionReader>();
    QThreadPool m_pool;
};

} // namespace streamsync::console
