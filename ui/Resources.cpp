#include "Resources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE declares a function at namespace scope, so it must be called from outside
// any namespace.
static void initStreamSyncResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace streamsync::ui {

void ensureResources()
{
    static const bool done = (initStreamSyncResources(), true);
    Q_UNUSED(done);
}

} // namespace streamsync::ui
