#include "MessageBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace streamsync::ui {

namespace {

constexpr int kAutoHideMs = 8000;
constexpr int kIconSize = 20;

struct Look
{
    QStyle::StandardPixmap icon;
    const char *background;
    const char *border;
    const char *text;
};

// Muted fills with dark text, readable on light and dark desktop themes alike because the banner
// sets its own text colour instead of inheriting the palette's.
Look lookFor(MessageBanner::Type type)
{
    switch (type) {
    case MessageBanner::Type::Positive:
        return {QStyle::SP_DialogApplyButton, "#dff0d8", "#8cc27a", "#1e4620"};
    case MessageBanner::Type::Information:
        return {QStyle::SP_MessageBoxInformation, "#dceaf7", "#8fb4dc", "#173a5e"};
    case MessageBanner::Type::Warning:
        return {QStyle::SP_MessageBoxWarning, "#fcf0d0", "#e0b84c", "#5a4100"};
    case MessageBanner::Type::Error:
        break;
    }
    return {QStyle::SP_MessageBoxCritical, "#f8dcdc", "#d98b8b", "#6b1414"};
}

} // namespace

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent), m_icon(new QLabel(this)), m_text(new QLabel(this)),
      m_close(new QToolButton(this)), m_autoHide(new QTimer(this))
{
    setObjectName(QStringLiteral("messageBanner"));
    m_text->setObjectName(QStringLiteral("messageBannerText"));
    m_close->setObjectName(QStringLiteral("messageBannerClose"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Close message"));
    m_autoHide->setSingleShot(true);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_icon, 0, Qt::AlignVCenter);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close, 0, Qt::AlignVCenter);

    connect(m_close, &QToolButton::clicked, this, &MessageBanner::hideMessage);
    connect(m_autoHide, &QTimer::timeout, this, &MessageBanner::hideMessage);
    hide();
}

void MessageBanner::showMessage(const QString &text, Type type)
{
    m_type = type;
    m_text->setText(text);
    applyStyle(type);
    show();
    if (type == Type::Positive || type == Type::Information)
        m_autoHide->start(kAutoHideMs);
    else
        m_autoHide->stop();
}

QString MessageBanner::text() const
{
    return m_text->text();
}

void MessageBanner::hideMessage()
{
    m_autoHide->stop();
    hide();
}

void MessageBanner::applyStyle(Type type)
{
    const Look look = lookFor(type);
    m_icon->setPixmap(style()->standardIcon(look.icon).pixmap(kIconSize, kIconSize));
    setStyleSheet(QStringLiteral("QFrame#messageBanner { background: %1; border: 1px solid %2;"
                                 " border-radius: 4px; } QLabel { color: %3; }")
                      .arg(QLatin1String(look.background), QLatin1String(look.border),
                           QLatin1String(look.text)));
}

} // namespace streamsync::ui
