#pragma once

#include <QFrame>

class QLabel;
class QTimer;
class QToolButton;

namespace streamsync::ui {

// An inline message strip at the top of a window (KeePassXC's MessageWidget): errors and results
// are shown in place, where the operator is looking, instead of as a cascade of modal boxes.
// A new message replaces the previous one; errors and warnings stay until closed, positive and
// informational messages fade after a while because nothing needs to be done about them.
class MessageBanner : public QFrame
{
    Q_OBJECT

public:
    enum class Type { Positive, Information, Warning, Error };
    Q_ENUM(Type)

    explicit MessageBanner(QWidget *parent = nullptr);

    void showMessage(const QString &text, Type type);
    QString text() const;
    Type type() const { return m_type; }

public Q_SLOTS:
    void hideMessage();

private:
    void applyStyle(Type type);

    QLabel *m_icon;
    QLabel *m_text;
    QToolButton *m_close;
    QTimer *m_autoHide;
    Type m_type = Type::Information;
};

} // namespace streamsync::ui
