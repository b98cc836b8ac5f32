#pragma once

#include "node/LifecycleState.h"

#include <QColor>
#include <QIcon>
#include <QString>

namespace streamsync::ui {

// How a lifecycle state looks in the console: one colour family per kind of state (serving,
// in transition, at rest, in trouble), so a glance down the State column tells what needs care.
QColor stateColor(LifecycleState state);
// A small filled dot in the state's colour, for table cells.
QIcon stateIcon(LifecycleState state);
// One line for a tooltip: what the state means for the operator.
QString stateDescription(LifecycleState state);

} // namespace streamsync::ui
