#include "Format.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <cmath>

#include <cstdlib>

namespace streamsync::ui::format {

namespace {

constexpr qint64 kMicroPerCredit = 1'000'000;
constexpr qint64 kSecondMs = 1000;
constexpr qint64 kMinuteMs = 60 * kSecondMs;
constexpr qint64 kHourMs = 60 * kMinuteMs;
constexpr qint64 kDayMs = 24 * kHourMs;

QString tr(const char *text)
{
    return QCoreApplication::translate("streamsync::ui::format", text);
}

// Six fixed decimals with trailing zeros trimmed, but never fewer than two: "0.50", "0.023".
QString fraction(qint64 micro)
{
    QString digits = QStringLiteral("%1").arg(micro, 6, 10, QLatin1Char('0'));
    while (digits.size() > 2 && digits.endsWith(QLatin1Char('0')))
        digits.chop(1);
    return digits;
}

QString twoDigits(qint64 value)
{
    return QStringLiteral("%1").arg(value, 2, 10, QLatin1Char('0'));
}

} // namespace

QString credits(qint64 micro)
{
    // The magnitude as unsigned: -INT64_MIN does not fit in a qint64.
    const quint64 magnitude = micro < 0 ? 0 - quint64(micro) : quint64(micro);
    const QString whole = QLocale().toString(quint64(magnitude / kMicroPerCredit));
    const QString sign = micro < 0 ? QStringLiteral("-") : QString();
    return tr("%1%2%3%4 cr")
        .arg(sign, whole, QLocale().decimalPoint(), fraction(qint64(magnitude % kMicroPerCredit)));
}

QString pricePerQuery(qint64 micro)
{
    return tr("%1 µcr/query").arg(QLocale().toString(micro));
}

QString perGbMonth(qint64 micro)
{
    // Past a thousand credits the µcr digits are noise to a reader (a tiny store's revenue runs
    // to hundreds of millions): whole credits, rounded.
    constexpr qint64 kWholeFrom = 1000 * kMicroPerCredit;
    if (micro >= kWholeFrom || micro <= -kWholeFrom)
        return tr("%1 cr/GB-month")
            .arg(QLocale().toString(qint64(std::llround(double(micro) / kMicroPerCredit))));
    QString text = credits(micro);
    text.chop(3); // " cr"
    return tr("%1 cr/GB-month").arg(text);
}

QString percent(double share, int decimals)
{
    return tr("%1 %").arg(QLocale().toString(share * 100.0, 'f', decimals));
}

QString countdown(qint64 ms)
{
    const qint64 seconds = qMax<qint64>(0, ms) / kSecondMs;
    const qint64 days = seconds / 86400;
    const QString clock = QStringLiteral("%1:%2:%3")
                              .arg(twoDigits(seconds / 3600 % 24), twoDigits(seconds / 60 % 60),
                                   twoDigits(seconds % 60));
    return days > 0 ? tr("%1 d %2").arg(days).arg(clock) : clock;
}

QString period(qint64 ms)
{
    if (ms >= kDayMs && ms % kDayMs == 0)
        return tr("%1 d").arg(ms / kDayMs);
    if (ms >= kHourMs && ms % kHourMs == 0)
        return tr("%1 h").arg(ms / kHourMs);
    if (ms >= kMinuteMs)
        return tr("%1 min").arg(ms / kMinuteMs);
    return tr("%1 s").arg(qMax<qint64>(0, ms) / kSecondMs);
}

QString dateTime(qint64 ms)
{
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(ms);
    if (when.date() == QDate::currentDate())
        return timeOfDay(ms);
    return QLocale().toString(when, QLocale::ShortFormat);
}

QString timeOfDay(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).time(), QLocale::ShortFormat);
}

double toCredits(qint64 micro)
{
    return double(micro) / double(kMicroPerCredit);
}

QString shortHash(const QString &hex)
{
    if (hex.size() <= 16)
        return hex;
    return hex.left(8) + QChar(0x2026) + hex.right(4);
}

} // namespace streamsync::ui::format
