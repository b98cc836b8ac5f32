#pragma once

#include <QString>

namespace streamsync {
class Event;
}

namespace streamsync::console {

// One line for the Log view saying what an event does, from its kind and body, e.g.
// "offer #4: 1200 µcr/query, 23000 µcr/GB-month, 10.0 GB free". Reads the body's fields as
// docs/market.md names them and shows what it finds; never fails.
QString summarizeEvent(const Event &event);

} // namespace streamsync::console
