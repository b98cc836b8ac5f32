#pragma once

#include "interfaces/MarketData.h"
#include "util/Result.h"

#include <QObject>
#include <QUrl>

#include <chrono>

class QNetworkAccessManager;

namespace streamsync::console {

// Posts each alert as JSON to the operator's webhook (a chat bridge, a pager), on the service's
// thread with Qt's asynchronous network access: never waits, and a request that has no answer
// after the timeout is aborted. Only http and https URLs are taken.
//
//   {"kind", "severity": "info"|"warning"|"critical", "node", "text", "time_ms"}
class WebhookPoster : public QObject
{
    Q_OBJECT

public:
    explicit WebhookPoster(QObject *parent = nullptr);
    ~WebhookPoster() override;

    // Empty: post nowhere. Anything but an absolute http(s) URL is refused, naming the scheme.
    Result<void> setUrl(const QString &url);
    QUrl url() const { return m_url; }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    void post(const interfaces::Alert &alert);
    static QByteArray body(const interfaces::Alert &alert);

Q_SIGNALS:
    // The webhook answered with an error or not at all.
    void failed(const QString &message);
    void delivered();

private:
    QNetworkAccessManager *m_network;
    QUrl m_url;
    std::chrono::milliseconds m_timeout{10'000};
};

} // namespace streamsync::console
