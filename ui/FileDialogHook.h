#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace streamsync::ui {

struct SaveFileRequest
{
    QString title;
    QString suggestedName; // a file name; the folder is the user's documents folder
    QString filter;        // "CSV files (*.csv)"
};

// Asks where to save a file, asynchronously: `chosen` is called later with the path, or never
// if the operator cancels. Replaceable, so tests need no platform file dialog (like ConfirmHook);
// the default opens a window-modal QFileDialog with open(), not exec(), so no nested event loop
// runs while it is up.
using SaveFileHook = std::function<void(QWidget *parent, const SaveFileRequest &request,
                                        std::function<void(const QString &path)> chosen)>;

SaveFileHook defaultSaveFileHook();

} // namespace streamsync::ui
