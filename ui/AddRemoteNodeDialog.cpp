#include "AddRemoteNodeDialog.h"

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

AddRemoteNodeDialog::AddRemoteNodeDialog(interfaces::OperatorService &service, QWidget *parent)
    : QDialog(parent), m_service(service), m_name(new QLineEdit(this)),
      m_address(new QLineEdit(this)), m_token(new QLineEdit(this)), m_error(new QLabel(this)),
      m_busyBar(new QProgressBar(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("addRemoteNodeDialog"));
    setWindowTitle(tr("Add remote node"));
    m_name->setObjectName(QStringLiteral("remoteNameEdit"));
    m_address->setObjectName(QStringLiteral("remoteAddressEdit"));
    m_address->setPlaceholderText(QStringLiteral("10.0.0.5:7443"));
    m_address->setToolTip(tr("The node's admin API, as given to `streamsync-node run --admin`"));
    m_token->setObjectName(QStringLiteral("remoteTokenEdit"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setToolTip(tr("The content of the node's admin.token file"));
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setStyleSheet(errorTextStyle());
    m_error->setWordWrap(true);
    m_error->hide();
    m_busyBar->setObjectName(QStringLiteral("busyIndicator"));
    m_busyBar->setRange(0, 0);
    m_busyBar->setTextVisible(false);
    m_busyBar->hide();
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add node"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddRemoteNodeDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AddRemoteNodeDialog::reject);
    for (QLineEdit *edit : {m_name, m_address, m_token})
        connect(edit, &QLineEdit::textChanged, this, &AddRemoteNodeDialog::updateValidity);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("Admin &address:"), m_address);
    form->addRow(tr("Admin &token:"), m_token);
    form->addRow(QString(), m_error);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_busyBar);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(460);
    updateValidity();
}

bool AddRemoteNodeDialog::isValidAddress(const QString &address)
{
    const QString text = address.trimmed();
    const int colon = int(text.lastIndexOf(QLatin1Char(':')));
    if (colon <= 0)
        return false;
    bool ok = false;
    const int port = text.mid(colon + 1).toInt(&ok);
    const QString host = text.left(colon);
    const bool bracketed = host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']'));
    // A bare IPv6 address has colons of its own and needs the brackets to be told apart.
    const bool hostOk = bracketed || !host.contains(QLatin1Char(':'));
    return ok && port > 0 && port <= 65535 && hostOk && !host.contains(QLatin1Char(' '));
}

void AddRemoteNodeDialog::updateValidity()
{
    const bool addressOk = m_address->text().isEmpty() || isValidAddress(m_address->text());
    m_error->setVisible(!addressOk);
    if (!addressOk)
        m_error->setText(tr("Enter the address as host:port, for example 10.0.0.5:7443."));
    const bool valid = !m_name->text().trimmed().isEmpty() && isValidAddress(m_address->text()) &&
                       !m_token->text().trimmed().isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid && !m_busy);
}

void AddRemoteNodeDialog::accept()
{
    if (m_busy || !m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
        return;
    setBusy(true);
    m_service
        .addRemoteNode(m_name->text().trimmed(), m_address->text().trimmed(),
                       m_token->text().trimmed())
        .then(this, [this](const Result<interfaces::NodeSummary> &r) { onAdded(r); });
}

void AddRemoteNodeDialog::onAdded(const Result<interfaces::NodeSummary> &result)
{
    setBusy(false);
    if (!result) {
        m_error->setText(asSentence(result.error()));
        m_error->show();
        return;
    }
    Q_EMIT nodeAdded(result.value());
    QDialog::accept();
}

void AddRemoteNodeDialog::reject()
{
    if (!m_busy)
        QDialog::reject();
}

void AddRemoteNodeDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QLineEdit *edit : {m_name, m_address, m_token})
        edit->setEnabled(!busy);
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!busy);
    m_busyBar->setVisible(busy);
    updateValidity();
}

} // namespace streamsync::ui
