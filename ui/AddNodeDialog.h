#pragma once

#include "interfaces/OperatorService.h"

#include <QDialog>

#include <functional>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLayout;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSlider;
class QTimer;

namespace streamsync::ui {

// Adds a node: a name, the folder that will hold its data and the quota of spare space it may
// use (a spin box in GB or TB and a slider over the folder's free space). The folder's free space
// comes from the service asynchronously (the folder may be on a slow or sleeping disk) and the
// quota is checked against it; OK is enabled only when all is valid. Accepting calls addNode() and
// keeps the dialog open, busy, until the result arrives: it closes on success and shows the error
// inline otherwise.
class AddNodeDialog : public QDialog
{
    Q_OBJECT

public:
    // Asks the operator for a folder, asynchronously: `chosen` is called later with the folder,
    // or never if they cancel. Replaceable so tests need no platform file dialog; the default
    // opens a window-modal QFileDialog with open(), not exec(), so no nested event loop runs
    // while it is up.
    using BrowseHook = std::function<void(QWidget *parent, const QString &start,
                                          std::function<void(const QString &folder)> chosen)>;

    AddNodeDialog(interfaces::OperatorService &service, const QString &suggestedName,
                  QWidget *parent = nullptr);

    void setBrowseHook(BrowseHook hook) { m_browse = std::move(hook); }
    static BrowseHook defaultBrowseHook();

    bool isBusy() const { return m_busy; }
    std::optional<interfaces::DiskSpace> diskSpace() const { return m_space; }

public Q_SLOTS:
    void accept() override;
    // Ignored while the node is being created: it will be, whatever happens to the dialog, so
    // closing it then would look like a cancel that did not happen.
    void reject() override;

Q_SIGNALS:
    void nodeAdded(const streamsync::interfaces::NodeSummary &node);

private:
    void buildUi(const QString &suggestedName);
    QLayout *buildForm(const QString &suggestedName);
    QLayout *buildFolderRow();
    QLayout *buildQuotaRow();
    void buildBusyRow();
    double bytesPerUnit() const;
    void onUnitChanged();
    void onQuotaEdited(double value);
    void onSliderMoved(int position);
    void syncSlider();
    void browse();
    void onFolderEdited();
    void queryDiskSpace();
    void onDiskSpace(const QString &folder, const Result<interfaces::DiskSpace> &result);
    void updateValidity();
    bool quotaFits() const;
    bool isValid() const;
    qint64 quotaBytes() const;
    void setBusy(bool busy);
    void onAdded(const Result<interfaces::NodeSummary> &result);

    interfaces::OperatorService &m_service;
    BrowseHook m_browse;
    std::optional<interfaces::DiskSpace> m_space; // of the folder currently in the field
    bool m_busy = false;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_folder = nullptr;
    QPushButton *m_browseButton = nullptr;
    QDoubleSpinBox *m_quota = nullptr;
    QComboBox *m_unit = nullptr;
    QSlider *m_slider = nullptr;
    qint64 m_quotaBytes = 10'000'000'000; // what the spin box shows, in bytes
    bool m_syncingSlider = false;
    QLabel *m_freeSpace = nullptr;
    QLabel *m_error = nullptr;
    QProgressBar *m_busyBar = nullptr;
    QLabel *m_busyLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QTimer *m_diskSpaceDelay = nullptr;
};

} // namespace streamsync::ui
