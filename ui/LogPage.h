#pragma once

#include "ConsolePage.h"
#include "RowTableModel.h"

class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;

namespace streamsync::ui {

// Log (DESIGN §9): the newest signed events (author, seq, time, kind, summary, hash), filtered
// by kind or author, with Verify (re-checks every stored signature and chain on the service's
// worker, with a busy indicator; the verdict goes to the banner) and Export (a CBOR sequence
// any CBOR library reads).
class LogPage : public ConsolePage
{
    Q_OBJECT

public:
    static constexpr int kLimit = 2000; // rows shown; the filter narrows within the whole log

    explicit LogPage(interfaces::OperatorService &service, QWidget *parent = nullptr);

    void showEntries(const Result<QList<interfaces::LogEntry>> &result);
    bool isVerifying() const { return m_verifying; }

protected:
    void load() override;

private:
    void buildUi();
    void verify();
    void onVerified(const Result<QString> &result);
    void exportLog();
    void setVerifying(bool verifying);

    RowTableModel<interfaces::LogEntry> *m_model = nullptr;
    QLineEdit *m_filter = nullptr;
    QTimer *m_filterDelay = nullptr;
    QPushButton *m_verify = nullptr;
    QPushButton *m_export = nullptr;
    QProgressBar *m_busy = nullptr;
    QLabel *m_status = nullptr;
    QTableView *m_table = nullptr;
    bool m_verifying = false;
};

} // namespace streamsync::ui
