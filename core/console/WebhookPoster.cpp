#include "console/WebhookPoster.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace streamsync::console {

namespace {

QString severityName(interfaces::Alert::Severity severity)
{
    switch (severity) {
    case interfaces::Alert::Severity::Info:
        return QStringLiteral("info");
    case interfaces::Alert::Severity::Warning:
        return QStringLiteral("warning");
    case interfaces::Alert::Severity::Critical:
        return QStringLiteral("critical");
    }
    return QStringLiteral("warning");
}

} // namespace

WebhookPoster::WebhookPoster(QObject *parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this))
{}

WebhookPoster::~WebhookPoster() = default;

Result<void> WebhookPoster::setUrl(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        m_url.clear();
        return {};
    }
    const QUrl url(trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty())
        return fail(QStringLiteral("the webhook address %1 is not a valid URL").arg(trimmed));
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return fail(QStringLiteral("the webhook must be an http or https URL, not %1:")
                        .arg(scheme.isEmpty() ? QStringLiteral("(none)") : scheme));
    m_url = url;
    return {};
}

QByteArray WebhookPoster::body(const interfaces::Alert &alert)
{
    const QJsonObject json{{QStringLiteral("kind"), alert.kind},
                           {QStringLiteral("severity"), severityName(alert.severity)},
                           {QStringLiteral("node"), alert.nodeId},
                           {QStringLiteral("text"), alert.text},
                           {QStringLiteral("time_ms"), alert.timeMs}};
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

void WebhookPoster::post(const interfaces::Alert &alert)
{
    if (m_url.isEmpty())
        return;
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setHeader(
        QNetworkRequest::UserAgentHeader,
        QStringLiteral("streamsync-operator/%1").arg(QStringLiteral(STREAMSYNC_VERSION)));
    request.setTransferTimeout(int(m_timeout.count()));
    QNetworkReply *reply = m_network->post(request, body(alert));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300)
            Q_EMIT delivered();
        else
            Q_EMIT failed(
                QStringLiteral("the alert webhook %1 failed: %2")
                    .arg(m_url.toDisplayString(QUrl::RemoveUserInfo), reply->errorString()));
    });
}

} // namespace streamsync::console
