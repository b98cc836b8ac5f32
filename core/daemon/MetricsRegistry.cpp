#include "daemon/MetricsRegistry.h"

#include "daemon/ApiLog.h"
#include "daemon/PrometheusText.h"

#include <QMutexLocker>

#include <algorithm>
#include <cmath>

namespace streamsync {

namespace {

QByteArray typeName(MetricsRegistry::Type type)
{
    switch (type) {
    case MetricsRegistry::Type::Counter:
        return "counter";
    case MetricsRegistry::Type::Gauge:
        return "gauge";
    case MetricsRegistry::Type::Histogram:
        return "histogram";
    }
    return "untyped";
}

bool validBuckets(const QList<double> &buckets)
{
    for (qsizetype i = 0; i < buckets.size(); ++i) {
        if (!std::isfinite(buckets.at(i)) || (i > 0 && buckets.at(i) <= buckets.at(i - 1)))
            return false;
    }
    return true;
}

// `{a="x"}` plus le="bound" as the last label.
QByteArray withLe(const QByteArray &key, const QByteArray &bound)
{
    const QByteArray le = "le=\"" + bound + '"';
    if (key.isEmpty())
        return '{' + le + '}';
    return key.chopped(1) + ',' + le + '}';
}

} // namespace

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

void MetricsRegistry::declare(const Spec &spec)
{
    QMutexLocker lock(&m_mutex);
    if (!prometheus::isMetricName(spec.name) || family(spec.name) || !validBuckets(spec.buckets)) {
        qCWarning(lcMetrics) << "metric" << spec.name << "is invalid or declared twice; ignored";
        return;
    }
    m_families.push_back(Family{spec, {}});
    for (const Labels &labels : spec.series)
        seriesFor(spec.name, spec.type, labels);
}

void MetricsRegistry::setGauge(const QString &name, double value, const Labels &labels)
{
    QMutexLocker lock(&m_mutex);
    if (Series *series = seriesFor(name, Type::Gauge, labels))
        series->value = value;
}

void MetricsRegistry::addCounter(const QString &name, double delta, const Labels &labels)
{
    QMutexLocker lock(&m_mutex);
    if (!(delta >= 0) || std::isinf(delta)) {
        qCWarning(lcMetrics) << "counter" << name << "cannot move by" << delta << "; ignored";
        return;
    }
    if (Series *series = seriesFor(name, Type::Counter, labels))
        series->value += delta;
}

void MetricsRegistry::observe(const QString &name, double value, const Labels &labels)
{
    QMutexLocker lock(&m_mutex);
    if (std::isnan(value)) {
        qCWarning(lcMetrics) << "histogram" << name << "cannot observe NaN; ignored";
        return;
    }
    Series *series = seriesFor(name, Type::Histogram, labels);
    if (!series)
        return;
    const QList<double> &bounds = family(name)->spec.buckets;
    const auto bucket = std::lower_bound(bounds.begin(), bounds.end(), value) - bounds.begin();
    ++series->bucketCounts[bucket];
    series->sum += value;
    ++series->count;
}

std::optional<double> MetricsRegistry::value(const QString &name, const Labels &labels) const
{
    QMutexLocker lock(&m_mutex);
    const Family *found = family(name);
    const auto key = found ? labelKey(labels, found->spec.type) : std::nullopt;
    if (!key)
        return std::nullopt;
    const auto series = found->series.find(*key);
    if (series == found->series.end())
        return std::nullopt;
    return series->second.value;
}

QByteArray MetricsRegistry::exposition() const
{
    QMutexLocker lock(&m_mutex);
    QByteArray out;
    for (const Family &f : m_families)
        render(out, f);
    return out;
}

MetricsRegistry::Series *MetricsRegistry::seriesFor(const QString &name, Type type,
                                                    const Labels &labels)
{
    Family *found = family(name);
    if (!found || found->spec.type != type) {
        qCWarning(lcMetrics) << "no" << typeName(type) << "named" << name << "was declared";
        return nullptr;
    }
    const auto key = labelKey(labels, type);
    if (!key) {
        qCWarning(lcMetrics) << "invalid labels for" << name << labels;
        return nullptr;
    }
    auto [it, inserted] = found->series.try_emplace(*key);
    if (inserted && type == Type::Histogram)
        it->second.bucketCounts.fill(0, found->spec.buckets.size() + 1);
    return &it->second;
}

MetricsRegistry::Family *MetricsRegistry::family(const QString &name)
{
    const auto it = std::find_if(m_families.begin(), m_families.end(),
                                 [&](const Family &f) { return f.spec.name == name; });
    return it == m_families.end() ? nullptr : &*it;
}

const MetricsRegistry::Family *MetricsRegistry::family(const QString &name) const
{
    return const_cast<MetricsRegistry *>(this)->family(name);
}

std::optional<QByteArray> MetricsRegistry::labelKey(const Labels &labels, Type type)
{
    Labels sorted = labels;
    std::sort(sorted.begin(), sorted.end());
    for (qsizetype i = 0; i < sorted.size(); ++i) {
        const QString &name = sorted.at(i).first;
        // "le" is the histogram's own bucket label.
        if (!prometheus::isLabelName(name) || (i > 0 && name == sorted.at(i - 1).first) ||
            (type == Type::Histogram && name == QLatin1String("le")))
            return std::nullopt;
    }
    return prometheus::labelText(sorted);
}

void MetricsRegistry::render(QByteArray &out, const Family &family)
{
    const QByteArray name = family.spec.name.toUtf8();
    out += "# HELP " + name + ' ' + prometheus::escapeHelp(family.spec.help) + '\n';
    out += "# TYPE " + name + ' ' + typeName(family.spec.type) + '\n';
    for (const auto &[key, series] : family.series) {
        if (family.spec.type == Type::Histogram)
            renderHistogram(out, family, key, series);
        else
            out += name + key + ' ' + prometheus::formatValue(series.value) + '\n';
    }
}

void MetricsRegistry::renderHistogram(QByteArray &out, const Family &family, const QByteArray &key,
                                      const Series &series)
{
    const QByteArray name = family.spec.name.toUtf8();
    const QList<double> &bounds = family.spec.buckets;
    quint64 cumulative = 0;
    for (qsizetype i = 0; i <= bounds.size(); ++i) {
        cumulative += series.bucketCounts.at(i);
        const QByteArray bound =
            i < bounds.size() ? prometheus::formatValue(bounds.at(i)) : QByteArray("+Inf");
        out += name + "_bucket" + withLe(key, bound) + ' ' + QByteArray::number(cumulative) + '\n';
    }
    out += name + "_sum" + key + ' ' + prometheus::formatValue(series.sum) + '\n';
    out += name + "_count" + key + ' ' + QByteArray::number(series.count) + '\n';
}

} // namespace streamsync
