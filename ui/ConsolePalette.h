#pragma once

#include <QString>

namespace streamsync::ui {

// The console's colours: the desktop's own (System), or a light or dark Fusion palette for
// desktops without a dark theme and for screenshots. Charts follow whichever is in effect
// (ChartFrame picks the light or dark chart theme from the window colour).
enum class PaletteChoice { System, Light, Dark };

// "system", "light", "dark"; anything else is System.
PaletteChoice paletteFromName(const QString &name);
QString paletteName(PaletteChoice choice);
// Applies to the whole application; every widget gets a PaletteChange event.
void applyPalette(PaletteChoice choice);

} // namespace streamsync::ui
