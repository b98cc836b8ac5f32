#include "LogPage.h"

#include "ConsoleLook.h"
#include "Format.h"
#include "Sentence.h"

#include <QDate>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace streamsync::ui {

namespace {

using interfaces::LogEntry;
using Model = RowTableModel<LogEntry>;

constexpr int kFilterDelayMs = 300;
constexpr int kSummaryColumn = 4;

QList<Model::Column> logColumns()
{
    return {
        {LogPage::tr("Author"), [](const LogEntry &e) { return e.author; }},
        {LogPage::tr("Seq"), [](const LogEntry &e) { return e.seq; }, {}, {}, Qt::AlignRight},
        {LogPage::tr("Time"), [](const LogEntry &e) { return format::dateTime(e.timeMs); },
         [](const LogEntry &e) { return e.timeMs; }},
        {LogPage::tr("Kind"), [](const LogEntry &e) { return e.kind; }},
        {LogPage::tr("Summary"),
         [](const LogEntry &e) { return e.summary; },
         {},
         [](const LogEntry &e) { return e.summary; }},
        {LogPage::tr("Hash"),
         [](const LogEntry &e) { return format::shortHash(e.hash); },
         {},
         [](const LogEntry &e) { return e.hash; }},
    };
}

} // namespace

LogPage::LogPage(interfaces::OperatorService &service, QWidget *parent)
    : ConsolePage(service, QStringLiteral("logPage"), parent)
{
    buildUi();
}

void LogPage::buildUi()
{
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("logFilter"));
    m_filter->setPlaceholderText(tr("Filter by kind or author (offer, epoch_close, an id…)"));
    m_filter->setClearButtonEnabled(true);
    m_filterDelay = new QTimer(this);
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(kFilterDelayMs);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterDelay, &QTimer::timeout, this, &LogPage::markStale);

    m_verify = new QPushButton(QIcon(QStringLiteral(":/icons/verify.svg")), tr("Verify"), this);
    m_verify->setObjectName(QStringLiteral("verifyLogButton"));
    m_verify->setToolTip(tr("Re-check every stored event's signature and hash chain"));
    m_export = new QPushButton(QIcon(QStringLiteral(":/icons/export.svg")), tr("Export…"), this);
    m_export->setObjectName(QStringLiteral("exportLogButton"));
    m_export->setToolTip(tr("Save the log as a CBOR sequence (RFC 8742)"));
    connect(m_verify, &QPushButton::clicked, this, &LogPage::verify);
    connect(m_export, &QPushButton::clicked, this, &LogPage::exportLog);
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("logBusyIndicator"));
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumWidth(140);
    m_busy->hide();

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_busy);
    bar->addWidget(m_verify);
    bar->addWidget(m_export);

    m_model = new Model(logColumns(), this);
    m_model->setObjectName(QStringLiteral("logModel"));
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("logTable"));
    setUpSortedTable(m_table, m_model, Model::SortRole, 2, Qt::DescendingOrder);
    m_table->horizontalHeader()->setSectionResizeMode(kSummaryColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_status =
        new QLabel(tr("The signed events appear here once the operator key is unlocked."), this);
    m_status->setObjectName(QStringLiteral("logStatusLabel"));
    m_status->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
}

void LogPage::load()
{
    service()
        .logEntries(m_filter->text().trimmed(), kLimit)
        .then(this, [this](const Result<QList<LogEntry>> &result) {
            loaded();
            showEntries(result);
        });
}

void LogPage::showEntries(const Result<QList<LogEntry>> &result)
{
    if (!result) {
        m_model->setRows({});
        m_status->setText(loadFailedText(tr("The log"), asSentence(result.error())));
        m_status->setStyleSheet(errorTextStyle());
        return;
    }
    m_model->setRows(result.value());
    m_status->setStyleSheet({});
    const int count = int(result->size());
    if (count == 0)
        m_status->setText(m_filter->text().trimmed().isEmpty()
                              ? tr("No events yet — the signed events of your nodes and their "
                                   "peers appear here as they reach this machine.")
                              : tr("No event matches the filter."));
    else if (count >= kLimit)
        m_status->setText(tr("The newest %1 events; narrow the filter to see older ones.")
                              .arg(QLocale().toString(count)));
    else
        m_status->setText(count == 1 ? tr("1 event")
                                     : tr("%1 events").arg(QLocale().toString(count)));
}

void LogPage::verify()
{
    setVerifying(true);
    service().verifyLog().then(this, [this](const Result<QString> &r) { onVerified(r); });
}

void LogPage::onVerified(const Result<QString> &result)
{
    setVerifying(false);
    if (result)
        report(asSentence(result.value()), MessageBanner::Type::Information);
    else
        report(tr("The log did not verify: %1").arg(result.error()), MessageBanner::Type::Error);
}

void LogPage::setVerifying(bool verifying)
{
    m_verifying = verifying;
    m_busy->setVisible(verifying);
    m_verify->setEnabled(!verifying);
    m_verify->setText(verifying ? tr("Verifying…") : tr("Verify"));
}

void LogPage::exportLog()
{
    const QString name =
        tr("streamsync-log-%1.cbor").arg(QDate::currentDate().toString(Qt::ISODate));
    askSavePath({tr("Export the log"), name, tr("CBOR sequences (*.cbor)")},
                [this](const QString &path) {
                    m_export->setEnabled(false);
                    service().exportLog(path).then(this, [this, path](const Result<QString> &r) {
                        m_export->setEnabled(true);
                        if (r)
                            report(tr("Exported the log to %1: %2").arg(path, r.value()),
                                   MessageBanner::Type::Positive);
                        else
                            report(tr("Could not export the log: %1").arg(r.error()),
                                   MessageBanner::Type::Error);
                    });
                });
}

} // namespace streamsync::ui
