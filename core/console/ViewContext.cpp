#include "console/ViewContext.h"

#include "node/NodeHome.h"

namespace streamsync::console {

QString ViewContext::databasePath() const
{
    return folder.isEmpty() ? QString() : NodeHome::databasePath(folder);
}

} // namespace streamsync::console
