#pragma once

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QString>

#include <map>
#include <optional>
#include <vector>

namespace streamsync {

// The node's metrics, rendered by MetricsServer in the Prometheus text exposition format
// (version 0.0.4). Components update it as things happen; the daemon refreshes the gauges it
// can read cheaply (peers, log size) just before each scrape. Thread-safe: the storage thread
// may update it while the daemon's thread renders it.
//
// A metric must be declared (with its HELP text, type and, for a histogram, bucket bounds)
// before it is updated; NodeMetrics declares the node's own. Updating an undeclared name, with
// the wrong type, a negative counter step or an invalid label is a programming error: it is
// logged and ignored, so a mistake never stops a node serving. Labels are given as (name,
// value) pairs in any order; the same set in another order is the same series.
class MetricsRegistry
{
public:
    enum class Type { Counter, Gauge, Histogram };
    using Labels = QList<QPair<QString, QString>>;

    struct Spec
    {
        QString name;
        Type type = Type::Gauge;
        QString help;
        QList<double> buckets; // histograms: upper bounds, increasing (+Inf is implied)
        // Series that exist (at zero) from the start, so a scrape shows them before the first
        // update; by default the one without labels.
        QList<Labels> series{Labels{}};
    };

    MetricsRegistry();
    ~MetricsRegistry();
    MetricsRegistry(const MetricsRegistry &) = delete;
    MetricsRegistry &operator=(const MetricsRegistry &) = delete;

    void declare(const Spec &spec);

    void setGauge(const QString &name, double value, const Labels &labels = {});
    // Counters only go up: `delta` must be >= 0.
    void addCounter(const QString &name, double delta = 1, const Labels &labels = {});
    // One observation into a histogram (e.g. a query's latency in seconds).
    void observe(const QString &name, double value, const Labels &labels = {});

    // A counter's or gauge's current value; nullopt for an unknown series.
    std::optional<double> value(const QString &name, const Labels &labels = {}) const;
    // Every family in declaration order, series sorted by labels.
    QByteArray exposition() const;

private:
    struct Series
    {
        double value = 0;
        QList<quint64> bucketCounts; // per bucket, not cumulative; the last one is +Inf
        double sum = 0;
        quint64 count = 0;
    };
    struct Family
    {
        Spec spec;
        std::map<QByteArray, Series> series; // by canonical label text, `{a="x"}`
    };

    // With the mutex held. Null (and logged) when the update is a misuse.
    Series *seriesFor(const QString &name, Type type, const Labels &labels);
    Family *family(const QString &name);
    const Family *family(const QString &name) const;
    static std::optional<QByteArray> labelKey(const Labels &labels, Type type);
    static void render(QByteArray &out, const Family &family);
    static void renderHistogram(QByteArray &out, const Family &family, const QByteArray &key,
                                const Series &series);

    mutable QMutex m_mutex;
    std::vector<Family> m_families;
};

} // namespace streamsync
