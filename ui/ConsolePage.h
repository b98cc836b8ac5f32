#pragma once

#include "FileDialogHook.h"
#include "MessageBanner.h"
#include "interfaces/OperatorService.h"

#include <QWidget>

namespace streamsync::ui {

class RefreshCoalescer;

// The common ground of the console's views (Earnings, Reputation, Stake, Market, Economics,
// Log): they read the service only once the operator key is unlocked, reload when the data
// moved but only while shown (a hidden view is marked stale and reloads when shown again),
// keep at most one load in flight, and report what the operator must know through message(),
// which the main window shows in its banner.
class ConsolePage : public QWidget
{
    Q_OBJECT

public:
    ConsolePage(interfaces::OperatorService &service, const QString &objectName,
                QWidget *parent = nullptr);

    // Until the key is unlocked there is nothing to read; a page also stops when it is locked.
    void setActive(bool active);
    bool isActive() const { return m_active; }
    // The data moved (marketChanged, a new node, a new range): reload now if shown, else later.
    void markStale();
    bool isStale() const { return m_stale; }

    virtual void setNodes(const QList<interfaces::NodeSummary> &nodes);
    void setSaveFileHook(SaveFileHook hook) { m_saveFile = std::move(hook); }
    RefreshCoalescer *refresher() const { return m_refresher; }

Q_SIGNALS:
    void message(const QString &text, streamsync::ui::MessageBanner::Type type);

protected:
    interfaces::OperatorService &service() const { return m_service; }
    // Starts one request; its continuation must call loaded() (also on failure).
    virtual void load() = 0;
    void loaded();
    void showEvent(QShowEvent *event) override;
    void report(const QString &text, MessageBanner::Type type);
    void askSavePath(const SaveFileRequest &request, std::function<void(const QString &)> chosen);

private:
    void startLoad();

    interfaces::OperatorService &m_service;
    RefreshCoalescer *m_refresher;
    SaveFileHook m_saveFile;
    bool m_active = false;
    bool m_stale = true;
};

} // namespace streamsync::ui
