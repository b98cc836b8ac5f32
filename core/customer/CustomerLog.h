#pragma once

#include <QLoggingCategory>

namespace streamsync {

// "streamsync.customer": uploads, races and every rejected answer with its reason.
Q_DECLARE_LOGGING_CATEGORY(lcCustomer)

} // namespace streamsync
