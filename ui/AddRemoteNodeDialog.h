#pragma once

#include "interfaces/OperatorService.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;

namespace streamsync::ui {

// Adds a node that runs on another machine and is managed through its admin API (DESIGN §8):
// a name, the API's host:port and the admin token the node printed. Like AddNodeDialog it stays
// open and busy until the service answered, closing on success and showing the error inline.
class AddRemoteNodeDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AddRemoteNodeDialog(interfaces::OperatorService &service, QWidget *parent = nullptr);

    bool isBusy() const { return m_busy; }
    // "host:port" with a port in 1..65535; IPv6 hosts in brackets.
    static bool isValidAddress(const QString &address);

public Q_SLOTS:
    void accept() override;
    void reject() override;

Q_SIGNALS:
    void nodeAdded(const streamsync::interfaces::NodeSummary &node);

private:
    void updateValidity();
    void setBusy(bool busy);
    void onAdded(const Result<interfaces::NodeSummary> &result);

    interfaces::OperatorService &m_service;
    bool m_busy = false;
    QLineEdit *m_name;
    QLineEdit *m_address;
    QLineEdit *m_token;
    QLabel *m_error;
    QProgressBar *m_busyBar;
    QDialogButtonBox *m_buttons;
};

} // namespace streamsync::ui
