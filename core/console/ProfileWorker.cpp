#include "console/ProfileWorker.h"

#include "node/OperatorProfile.h"

namespace streamsync::console {

ProfileWorker::ProfileWorker(std::shared_ptr<OperatorProfile> profile)
    : m_profile(std::move(profile))
{
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);
}

ProfileWorker::~ProfileWorker()
{
    // Queued behind the work already waiting, and joined with waitForDone(). Not with
    // QFuture::waitForFinished(): while the worker is busy, that takes the queued task off the pool
    // and runs it right here, which would close the database on the GUI thread while the worker
    // is still using it.
    auto profile = m_profile;
    auto reader = m_reader;
    m_pool.start([profile, reader] {
        reader->close();
        profile->close();
    });
    m_pool.waitForDone();
}

ViewContext ProfileWorker::withOwnNodes(OperatorProfile &profile, ViewContext context)
{
    if (!profile.isOpen())
        return context;
    const auto records = profile.nodeRecords();
    if (!records)
        return context;
    for (const NodeRecord &r : records.value())
        context.own.append({r.id, r.publicKey, r.name, r.folder, r.quotaBytes});
    return context;
}

} // namespace streamsync::console
