#include "SettingsDialog.h"

#include "ConsoleLook.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace streamsync::ui {

SettingsDialog::SettingsDialog(const QString &webhookUrl, PaletteChoice palette, QWidget *parent)
    : QDialog(parent), m_webhook(new QLineEdit(webhookUrl, this)), m_palette(new QComboBox(this)),
      m_error(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    m_webhook->setObjectName(QStringLiteral("webhookEdit"));
    m_webhook->setPlaceholderText(QStringLiteral("https://example.org/hooks/streamsync"));
    m_webhook->setClearButtonEnabled(true);
    m_webhook->setToolTip(tr("Each alert is also posted here as JSON; leave empty for none"));
    m_palette->setObjectName(QStringLiteral("paletteCombo"));
    m_palette->addItem(tr("As the desktop"), static_cast<int>(PaletteChoice::System));
    m_palette->addItem(tr("Light"), static_cast<int>(PaletteChoice::Light));
    m_palette->addItem(tr("Dark"), static_cast<int>(PaletteChoice::Dark));
    m_palette->setCurrentIndex(m_palette->findData(static_cast<int>(palette)));
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setStyleSheet(errorTextStyle());
    m_error->setWordWrap(true);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_webhook, &QLineEdit::textChanged, this, &SettingsDialog::updateValidity);

    auto *form = new QFormLayout;
    form->addRow(tr("Alert &webhook:"), m_webhook);
    form->addRow(QString(), m_error);
    form->addRow(tr("&Colours:"), m_palette);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(480);
    updateValidity();
}

QString SettingsDialog::webhookUrl() const
{
    return m_webhook->text().trimmed();
}

PaletteChoice SettingsDialog::palette() const
{
    return static_cast<PaletteChoice>(m_palette->currentData().toInt());
}

bool SettingsDialog::isValidWebhook(const QString &url)
{
    if (url.trimmed().isEmpty())
        return true;
    const QUrl parsed(url.trimmed(), QUrl::StrictMode);
    const QString scheme = parsed.scheme();
    return parsed.isValid() && !parsed.host().isEmpty() &&
           (scheme == QLatin1String("https") || scheme == QLatin1String("http"));
}

void SettingsDialog::updateValidity()
{
    const bool valid = isValidWebhook(m_webhook->text());
    m_error->setText(valid ? QString() : tr("Enter an http:// or https:// address, or nothing."));
    m_error->setVisible(!valid);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
}

} // namespace streamsync::ui
