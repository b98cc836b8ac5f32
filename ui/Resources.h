#pragma once

namespace streamsync::ui {

// Registers the console's compiled-in resources (icons). They live in this static library, and
// a linker drops an object file nobody references, so whoever needs an icon calls this first.
// Cheap and idempotent.
void ensureResources();

} // namespace streamsync::ui
