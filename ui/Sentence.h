#pragma once

#include <QString>

namespace streamsync::ui {

// The core's error messages are one-line fragments written to follow a prefix ("could not …:
// <message>"). Shown on their own they should read as a sentence: capital first letter, final
// full stop.
QString asSentence(const QString &fragment);

} // namespace streamsync::ui
