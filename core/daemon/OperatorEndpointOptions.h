#pragma once

#include "daemon/ServeEndpoint.h"

#include <QString>

namespace streamsync {

// What `run --metrics` and `run --admin` ask for; both off by default.
struct OperatorEndpointOptions
{
    ServeEndpoint metrics;
    ServeEndpoint admin;
    QString adminTokenFile; // empty: DIR/admin.token
};

} // namespace streamsync
