#include "FileDialogHook.h"

#include <QDir>
#include <QFileDialog>
#include <QStandardPaths>

namespace streamsync::ui {

SaveFileHook defaultSaveFileHook()
{
    return [](QWidget *parent, const SaveFileRequest &request,
              std::function<void(const QString &path)> chosen) {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        auto *dialog = new QFileDialog(
            parent, request.title, QDir(folder).filePath(request.suggestedName), request.filter);
        dialog->setObjectName(QStringLiteral("saveFileDialog"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setAcceptMode(QFileDialog::AcceptSave);
        dialog->setFileMode(QFileDialog::AnyFile);
        QObject::connect(dialog, &QFileDialog::fileSelected, dialog, std::move(chosen));
        dialog->open();
    };
}

} // namespace streamsync::ui
