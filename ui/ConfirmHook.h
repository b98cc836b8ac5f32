#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace streamsync::ui {

struct ConfirmRequest
{
    QString title;
    QString text;
    QString confirmText; // the button that says yes, named after the action ("Retire")
};

// Asks the operator to confirm something, asynchronously: `answer` is called later with the
// decision (or never, if `parent` is destroyed first). Replaceable, so tests answer without a
// message box; the default opens a window-modal QMessageBox with open(), not exec(), so no
// nested event loop runs while the question is up.
using ConfirmHook = std::function<void(QWidget *parent, const ConfirmRequest &request,
                                       std::function<void(bool confirmed)> answer)>;

ConfirmHook defaultConfirmHook();

} // namespace streamsync::ui
