#include "ConfirmHook.h"

#include <QMessageBox>
#include <QPushButton>

namespace streamsync::ui {

ConfirmHook defaultConfirmHook()
{
    return [](QWidget *parent, const ConfirmRequest &request,
              std::function<void(bool confirmed)> answer) {
        auto *box = new QMessageBox(QMessageBox::Question, request.title, request.text,
                                    QMessageBox::Cancel, parent);
        box->setObjectName(QStringLiteral("confirmBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        QPushButton *yes = box->addButton(request.confirmText, QMessageBox::AcceptRole);
        box->setDefaultButton(QMessageBox::Cancel); // a destructive choice is never the default
        QObject::connect(box, &QMessageBox::finished, box,
                         [box, yes, answer](int) { answer(box->clickedButton() == yes); });
        box->open();
    };
}

} // namespace streamsync::ui
