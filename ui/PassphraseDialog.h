#pragma once

#include "interfaces/OperatorService.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLayout;
class QLineEdit;
class QProgressBar;

namespace streamsync::ui {

// Asks for the operator key's passphrase: on first start to create the key (passphrase twice,
// at least kMinimumLength characters), later to unlock it. Accepting does not close the dialog:
// it hands the passphrase to the service and waits for the future's result on the event loop
// while a busy indicator runs, because the key derivation is deliberately slow. A wrong
// passphrase is shown inline and the operator can try again; the dialog closes only on success.
class PassphraseDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Mode { Create, Unlock };
    static constexpr int kMinimumLength = 8;

    PassphraseDialog(interfaces::OperatorService &service, Mode mode,
                     const interfaces::ProfileStatus &profile, QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }
    bool isBusy() const { return m_busy; }

public Q_SLOTS:
    void accept() override;
    // Ignored while the key is being derived: the service finishes the work anyway, so quitting
    // then would look like a cancel that did not happen.
    void reject() override;

Q_SIGNALS:
    void unlocked(const streamsync::interfaces::ProfileStatus &status);

private:
    void buildUi(const interfaces::ProfileStatus &profile);
    QLayout *buildForm();
    void buildMessages();
    void buildButtons();
    QString introText(const interfaces::ProfileStatus &profile) const;
    void updateValidity();
    QString validationProblem() const;
    bool isValid() const;
    void setBusy(bool busy);
    void showError(const QString &message);
    void onResult(const Result<interfaces::ProfileStatus> &result);

    interfaces::OperatorService &m_service;
    const Mode m_mode;
    bool m_busy = false;
    QLineEdit *m_passphrase = nullptr;
    QLineEdit *m_confirm = nullptr;
    QLabel *m_hint = nullptr;
    QLabel *m_error = nullptr;
    QProgressBar *m_busyBar = nullptr;
    QLabel *m_busyLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace streamsync::ui
