#include "AddNodeDialog.h"

#include "ConsoleLook.h"
#include "Sentence.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace streamsync::ui {

namespace {

constexpr double kBytesPerGb = 1e9; // GB as disks and file managers count them
constexpr double kBytesPerTb = 1e12;
constexpr double kDefaultQuotaGb = 10.0;
constexpr int kSliderSteps = 1000;     // the slider covers the free space in 0.1 % steps
constexpr int kDiskSpaceDelayMs = 300; // ask once the operator pauses typing, not per key

} // namespace

AddNodeDialog::AddNodeDialog(interfaces::OperatorService &service, const QString &suggestedName,
                             QWidget *parent)
    : QDialog(parent), m_service(service), m_browse(defaultBrowseHook())
{
    setObjectName(QStringLiteral("addNodeDialog"));
    setWindowTitle(tr("Add node"));
    m_diskSpaceDelay = new QTimer(this);
    m_diskSpaceDelay->setSingleShot(true);
    m_diskSpaceDelay->setInterval(kDiskSpaceDelayMs);
    connect(m_diskSpaceDelay, &QTimer::timeout, this, &AddNodeDialog::queryDiskSpace);
    buildUi(suggestedName);
    updateValidity();
}

AddNodeDialog::BrowseHook AddNodeDialog::defaultBrowseHook()
{
    return [](QWidget *parent, const QString &start,
              std::function<void(const QString &folder)> chosen) {
        auto *dialog = new QFileDialog(parent, tr("Storage folder for the node"), start);
        dialog->setObjectName(QStringLiteral("browseDialog"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::Directory);
        dialog->setOption(QFileDialog::ShowDirsOnly);
        QObject::connect(dialog, &QFileDialog::fileSelected, dialog, std::move(chosen));
        dialog->open();
    };
}

void AddNodeDialog::buildUi(const QString &suggestedName)
{
    QLayout *form = buildForm(suggestedName);
    buildBusyRow();
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add node"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddNodeDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AddNodeDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_busyLabel);
    layout->addWidget(m_busyBar);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);
}

// Widgets are created in reading order, which is also the tab order.
QLayout *AddNodeDialog::buildForm(const QString &suggestedName)
{
    m_name = new QLineEdit(suggestedName, this);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    connect(m_name, &QLineEdit::textChanged, this, &AddNodeDialog::updateValidity);
    auto *folderLabel = new QLabel(tr("Storage &folder:"), this);
    QLayout *folderRow = buildFolderRow();
    folderLabel->setBuddy(m_folder); // a row that holds a layout gets no buddy by itself
    auto *quotaLabel = new QLabel(tr("&Quota:"), this);
    QLayout *quota = buildQuotaRow();
    quotaLabel->setBuddy(m_quota);
    m_freeSpace = new QLabel(tr("Choose a folder to see its free space."), this);
    m_freeSpace->setObjectName(QStringLiteral("freeSpaceLabel"));
    m_freeSpace->setWordWrap(true);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(errorTextStyle());
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(folderLabel, folderRow);
    form->addRow(quotaLabel, quota);
    form->addRow(QString(), m_freeSpace);
    form->addRow(QString(), m_error); // under the fields it is about
    return form;
}

QLayout *AddNodeDialog::buildFolderRow()
{
    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("folderEdit"));
    m_folder->setPlaceholderText(tr("Where the node keeps its data"));
    m_browseButton = new QPushButton(tr("&Browse…"), this);
    m_browseButton->setObjectName(QStringLiteral("browseButton"));
    connect(m_folder, &QLineEdit::textChanged, this, &AddNodeDialog::onFolderEdited);
    connect(m_browseButton, &QPushButton::clicked, this, &AddNodeDialog::browse);
    auto *row = new QHBoxLayout;
    row->addWidget(m_folder, 1);
    row->addWidget(m_browseButton);
    return row;
}

// The quota is a short number: a spin box as wide as the folder path would look like a text
// field. The slider beside it covers the folder's free space, so "half of what is free" is one
// drag; it waits for the free space to be known.
QLayout *AddNodeDialog::buildQuotaRow()
{
    m_quota = new QDoubleSpinBox(this);
    m_quota->setObjectName(QStringLiteral("quotaSpin"));
    m_quota->setRange(0.1, 1e6);
    m_quota->setDecimals(1);
    m_quota->setValue(kDefaultQuotaGb);
    m_quota->setAlignment(Qt::AlignRight);
    m_quota->setMinimumWidth(110);
    m_unit = new QComboBox(this);
    m_unit->setObjectName(QStringLiteral("quotaUnitCombo"));
    m_unit->addItem(tr("GB"), kBytesPerGb);
    m_unit->addItem(tr("TB"), kBytesPerTb);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("quotaSlider"));
    m_slider->setRange(0, kSliderSteps);
    m_slider->setEnabled(false);
    m_slider->setToolTip(tr("Share of the folder's free space"));
    connect(m_quota, &QDoubleSpinBox::valueChanged, this, &AddNodeDialog::onQuotaEdited);
    connect(m_unit, &QComboBox::currentIndexChanged, this, &AddNodeDialog::onUnitChanged);
    connect(m_slider, &QSlider::valueChanged, this, &AddNodeDialog::onSliderMoved);
    auto *row = new QHBoxLayout;
    row->addWidget(m_quota);
    row->addWidget(m_unit);
    row->addWidget(m_slider, 1);
    return row;
}

double AddNodeDialog::bytesPerUnit() const
{
    return m_unit->currentData().toDouble();
}

// The spin box keeps the same quota in the new unit (10 GB becomes 0.01 TB).
void AddNodeDialog::onUnitChanged()
{
    const QSignalBlocker block(m_quota);
    m_quota->setDecimals(bytesPerUnit() >= kBytesPerTb ? 3 : 1);
    m_quota->setMinimum(bytesPerUnit() >= kBytesPerTb ? 0.001 : 0.1);
    m_quota->setValue(double(m_quotaBytes) / bytesPerUnit());
    m_quotaBytes = qint64(std::llround(m_quota->value() * bytesPerUnit()));
    syncSlider();
    updateValidity();
}

void AddNodeDialog::onQuotaEdited(double value)
{
    m_quotaBytes = qint64(std::llround(value * bytesPerUnit()));
    syncSlider();
    updateValidity();
}

void AddNodeDialog::onSliderMoved(int position)
{
    if (!m_space || m_syncingSlider)
        return;
    m_quotaBytes = qint64(double(m_space->freeBytes) * position / kSliderSteps);
    const QSignalBlocker block(m_quota);
    m_quota->setValue(double(m_quotaBytes) / bytesPerUnit());
    // What the spin box shows is what will be asked for.
    m_quotaBytes = qint64(std::llround(m_quota->value() * bytesPerUnit()));
    updateValidity();
}

void AddNodeDialog::syncSlider()
{
    m_slider->setEnabled(m_space.has_value() && m_space->freeBytes > 0 && !m_busy);
    if (!m_space || m_space->freeBytes <= 0)
        return;
    m_syncingSlider = true;
    const double share = double(m_quotaBytes) / double(m_space->freeBytes);
    m_slider->setValue(int(std::lround(qBound(0.0, share, 1.0) * kSliderSteps)));
    m_syncingSlider = false;
}

void AddNodeDialog::buildBusyRow()
{
    m_busyLabel = new QLabel(tr("Creating the node's key and folder…"), this);
    m_busyLabel->setObjectName(QStringLiteral("busyLabel"));
    m_busyLabel->hide();
    m_busyBar = new QProgressBar(this);
    m_busyBar->setObjectName(QStringLiteral("busyIndicator"));
    m_busyBar->setRange(0, 0);
    m_busyBar->setTextVisible(false);
    m_busyBar->hide();
}

void AddNodeDialog::browse()
{
    const QString start = m_folder->text().isEmpty() ? QDir::homePath() : m_folder->text();
    // A replaced hook may answer after this dialog is gone.
    m_browse(this, start, [dialog = QPointer<AddNodeDialog>(this)](const QString &folder) {
        if (dialog && !folder.isEmpty())
            dialog->m_folder->setText(QDir::toNativeSeparators(folder));
    });
}

void AddNodeDialog::onFolderEdited()
{
    m_space.reset();
    syncSlider();
    m_error->hide();
    const QString folder = m_folder->text().trimmed();
    if (folder.isEmpty())
        m_freeSpace->setText(tr("Choose a folder to see its free space."));
    else if (!QDir::isAbsolutePath(folder))
        m_freeSpace->setText(tr("Enter a full path, starting at the root of a disk."));
    else {
        m_freeSpace->setText(tr("Checking free space…"));
        m_diskSpaceDelay->start();
    }
    m_freeSpace->setStyleSheet({});
    updateValidity();
}

void AddNodeDialog::queryDiskSpace()
{
    const QString folder = m_folder->text().trimmed();
    if (folder.isEmpty() || !QDir::isAbsolutePath(folder))
        return;
    m_service.diskSpace(folder).then(
        this, [this, folder](const Result<interfaces::DiskSpace> &r) { onDiskSpace(folder, r); });
}

void AddNodeDialog::onDiskSpace(const QString &folder, const Result<interfaces::DiskSpace> &result)
{
    if (folder != m_folder->text().trimmed())
        return; // an answer for a folder the operator has since changed
    if (!result) {
        m_freeSpace->setText(asSentence(result.error()));
        m_freeSpace->setStyleSheet(errorTextStyle());
    } else {
        m_space = result.value();
    }
    syncSlider();
    updateValidity();
}

void AddNodeDialog::updateValidity()
{
    if (m_space) {
        const QString free =
            tr("%1 free on %2").arg(dataSize(m_space->freeBytes), m_space->mountRoot);
        m_freeSpace->setText(quotaFits() ? free : tr("Only %1: lower the quota.").arg(free));
        m_freeSpace->setStyleSheet(quotaFits() ? QString() : errorTextStyle());
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_busy && isValid());
}

bool AddNodeDialog::quotaFits() const
{
    return m_space && quotaBytes() <= m_space->freeBytes;
}

bool AddNodeDialog::isValid() const
{
    return !m_name->text().trimmed().isEmpty() && quotaBytes() > 0 && quotaFits();
}

qint64 AddNodeDialog::quotaBytes() const
{
    return m_quotaBytes;
}

void AddNodeDialog::accept()
{
    if (m_busy || !isValid())
        return;
    setBusy(true);
    const interfaces::NewNodeRequest request{m_name->text().trimmed(), m_folder->text().trimmed(),
                                             quotaBytes()};
    m_service.addNode(request).then(
        this, [this](const Result<interfaces::NodeSummary> &result) { onAdded(result); });
}

void AddNodeDialog::onAdded(const Result<interfaces::NodeSummary> &result)
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

void AddNodeDialog::reject()
{
    if (!m_busy)
        QDialog::reject();
}

void AddNodeDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *input : {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_folder),
                           static_cast<QWidget *>(m_browseButton), static_cast<QWidget *>(m_quota),
                           static_cast<QWidget *>(m_unit)})
        input->setEnabled(!busy);
    syncSlider();
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!busy);
    m_busyLabel->setVisible(busy);
    m_busyBar->setVisible(busy);
    if (busy)
        m_error->hide();
    updateValidity();
}

} // namespace streamsync::ui
