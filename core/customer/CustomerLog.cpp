#include "customer/CustomerLog.h"

namespace streamsync {

Q_LOGGING_CATEGORY(lcCustomer, "streamsync.customer")

} // namespace streamsync
