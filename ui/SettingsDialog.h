#pragma once

#include "ConsolePalette.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace streamsync::ui {

// The console's settings: where alerts are also posted (a webhook URL, JSON) and the colours.
// It only edits values; the main window stores and applies them when the dialog is accepted.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(const QString &webhookUrl, PaletteChoice palette, QWidget *parent = nullptr);

    QString webhookUrl() const;
    PaletteChoice palette() const;
    // Empty, or an http(s) URL with a host.
    static bool isValidWebhook(const QString &url);

private:
    void updateValidity();

    QLineEdit *m_webhook;
    QComboBox *m_palette;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace streamsync::ui
