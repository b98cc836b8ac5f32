#include "PassphraseDialog.h"

#include "ConsoleLook.h"
#include "Sentence.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace streamsync::ui {

namespace {

QLineEdit *passwordEdit(const QString &objectName, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setEchoMode(QLineEdit::Password);
    edit->setMinimumWidth(320);
    return edit;
}

QLabel *wrappedLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    return label;
}

} // namespace

PassphraseDialog::PassphraseDialog(interfaces::OperatorService &service, Mode mode,
                                   const interfaces::ProfileStatus &profile, QWidget *parent)
    : QDialog(parent), m_service(service), m_mode(mode)
{
    setObjectName(QStringLiteral("passphraseDialog"));
    setWindowTitle(mode == Mode::Create ? tr("Create operator key") : tr("Unlock operator key"));
    buildUi(profile);
    updateValidity();
}

void PassphraseDialog::buildUi(const interfaces::ProfileStatus &profile)
{
    auto *intro = wrappedLabel(QStringLiteral("introLabel"), this);
    intro->setText(introText(profile));
    QLayout *form = buildForm();
    buildMessages();
    buildButtons();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(6);
    layout->addLayout(form);
    for (QWidget *message : {m_hint, m_error, m_busyLabel})
        layout->addWidget(message);
    layout->addWidget(m_busyBar);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    layout->setSizeConstraint(QLayout::SetFixedSize); // no jumping when rows appear
}

QLayout *PassphraseDialog::buildForm()
{
    m_passphrase = passwordEdit(QStringLiteral("passphraseEdit"), this);
    auto *form = new QFormLayout;
    form->addRow(tr("&Passphrase:"), m_passphrase);
    connect(m_passphrase, &QLineEdit::textChanged, this, &PassphraseDialog::updateValidity);
    if (m_mode == Mode::Create) {
        m_confirm = passwordEdit(QStringLiteral("confirmEdit"), this);
        form->addRow(tr("&Confirm:"), m_confirm);
        connect(m_confirm, &QLineEdit::textChanged, this, &PassphraseDialog::updateValidity);
    }
    return form;
}

void PassphraseDialog::buildMessages()
{
    m_hint = wrappedLabel(QStringLiteral("hintLabel"), this);
    m_hint->setText(m_mode == Mode::Create
                        ? tr("At least %1 characters. A few unrelated words are easy to remember "
                             "and hard to guess. A forgotten passphrase cannot be recovered.")
                              .arg(kMinimumLength)
                        : tr("The passphrase you chose when the operator key was created."));
    m_error = wrappedLabel(QStringLiteral("errorLabel"), this);
    m_error->setStyleSheet(errorTextStyle());
    m_error->hide();
    m_busyLabel = wrappedLabel(QStringLiteral("busyLabel"), this);
    m_busyLabel->setText(tr("Deriving the key… (this is slow on purpose)"));
    m_busyLabel->hide();
    m_busyBar = new QProgressBar(this);
    m_busyBar->setObjectName(QStringLiteral("busyIndicator"));
    m_busyBar->setRange(0, 0); // indeterminate: scrypt reports no progress
    m_busyBar->setTextVisible(false);
    m_busyBar->hide();
}

void PassphraseDialog::buildButtons()
{
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_buttons->button(QDialogButtonBox::Ok)
        ->setText(m_mode == Mode::Create ? tr("Create key") : tr("Unlock"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Quit"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PassphraseDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &PassphraseDialog::reject);
}

QString PassphraseDialog::introText(const interfaces::ProfileStatus &profile) const
{
    if (m_mode == Mode::Create)
        return tr("<b>Protect your new operator key</b><br>The operator key owns your nodes and "
                  "receives their earnings. It is stored encrypted with this passphrase.");
    const QString who = profile.operatorShortId.isEmpty()
                            ? tr("the operator key")
                            : tr("operator <b>%1</b>").arg(profile.operatorShortId.toHtmlEscaped());
    return tr("<b>Unlock your operator key</b><br>Enter the passphrase of %1 to manage its "
              "nodes.")
        .arg(who);
}

void PassphraseDialog::accept()
{
    if (m_busy || !isValid())
        return;
    setBusy(true);
    const QString passphrase = m_passphrase->text();
    auto future = m_mode == Mode::Create ? m_service.createOperatorKey(passphrase)
                                         : m_service.unlock(passphrase);
    // The continuation runs on this dialog's thread, and not at all if the dialog is gone.
    future.then(this,
                [this](const Result<interfaces::ProfileStatus> &result) { onResult(result); });
}

void PassphraseDialog::onResult(const Result<interfaces::ProfileStatus> &result)
{
    setBusy(false);
    if (!result) {
        showError(result.error());
        return;
    }
    Q_EMIT unlocked(result.value());
    QDialog::accept();
}

void PassphraseDialog::reject()
{
    if (!m_busy)
        QDialog::reject();
}

void PassphraseDialog::updateValidity()
{
    if (m_busy)
        return;
    const QString problem = validationProblem();
    m_error->setText(problem);
    m_error->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isValid());
}

// Only complains about what the operator has already typed, so an empty form is not an error.
QString PassphraseDialog::validationProblem() const
{
    if (m_mode == Mode::Unlock)
        return {};
    const int length = int(m_passphrase->text().size());
    if (length > 0 && length < kMinimumLength && !m_confirm->text().isEmpty())
        return tr("The passphrase needs at least %1 characters.").arg(kMinimumLength);
    if (!m_confirm->text().isEmpty() && m_confirm->text() != m_passphrase->text() &&
        m_confirm->text().size() >= m_passphrase->text().size())
        return tr("The two passphrases do not match.");
    return {};
}

bool PassphraseDialog::isValid() const
{
    if (m_mode == Mode::Unlock)
        return !m_passphrase->text().isEmpty();
    return m_passphrase->text().size() >= kMinimumLength &&
           m_confirm->text() == m_passphrase->text();
}

void PassphraseDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_passphrase->setEnabled(!busy);
    if (m_confirm)
        m_confirm->setEnabled(!busy);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy && isValid());
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!busy);
    m_hint->setVisible(!busy);
    m_busyLabel->setVisible(busy);
    m_busyBar->setVisible(busy);
    if (busy)
        m_error->hide();
}

void PassphraseDialog::showError(const QString &message)
{
    m_error->setText(asSentence(message));
    m_error->show();
    m_passphrase->selectAll();
    m_passphrase->setFocus();
}

} // namespace streamsync::ui
