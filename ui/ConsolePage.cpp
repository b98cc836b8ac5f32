#include "ConsolePage.h"

#include "RefreshCoalescer.h"

#include <QPointer>

namespace streamsync::ui {

namespace {

// Bursts of marketChanged (a closed epoch brings many events) become one load per this interval.
constexpr int kMinRefreshIntervalMs = 150;

} // namespace

ConsolePage::ConsolePage(interfaces::OperatorService &service, const QString &objectName,
                         QWidget *parent)
    : QWidget(parent), m_service(service),
      m_refresher(new RefreshCoalescer([this] { startLoad(); }, kMinRefreshIntervalMs, this)),
      m_saveFile(defaultSaveFileHook())
{
    setObjectName(objectName);
}

void ConsolePage::setActive(bool active)
{
    m_active = active;
    if (active)
        markStale();
}

void ConsolePage::markStale()
{
    m_stale = true;
    if (m_active && isVisible())
        m_refresher->request();
}

void ConsolePage::setNodes(const QList<interfaces::NodeSummary> &nodes)
{
    Q_UNUSED(nodes);
}

void ConsolePage::startLoad()
{
    m_stale = false;
    load();
}

void ConsolePage::loaded()
{
    m_refresher->done();
}

void ConsolePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_active && m_stale)
        m_refresher->request();
}

void ConsolePage::report(const QString &text, MessageBanner::Type type)
{
    Q_EMIT message(text, type);
}

// The hook may answer after the page is gone (a dialog left open while the window closes).
void ConsolePage::askSavePath(const SaveFileRequest &request,
                              std::function<void(const QString &)> chosen)
{
    m_saveFile(this, request, [page = QPointer<ConsolePage>(this), chosen](const QString &path) {
        if (page && !path.isEmpty())
            chosen(path);
    });
}

} // namespace streamsync::ui
