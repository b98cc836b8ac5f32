#include "customer/EpochTally.h"

#include <QStringList>

namespace streamsync {

EpochTally::EpochTally(qint64 epoch, quint64 seed) : m_epoch(epoch), m_random(seed ^ quint64(epoch))
{}

void EpochTally::raced(const QByteArray &node, Mark mark, qint64 latencyMs, bool won)
{
    RaceEntry &entry = m_races[node];
    ++entry.raced;
    if (won)
        ++entry.won;
    switch (mark) {
    case Mark::Verified:
        sampleLatency(node, entry, latencyMs);
        break;
    case Mark::Invalid:
        ++entry.invalid;
        ++m_invalid;
        break;
    case Mark::SlaMiss:
        ++entry.slaMiss;
        break;
    case Mark::None:
        break;
    }
}

// Algorithm R: the n-th verified answer replaces a random kept one with chance 64/n.
void EpochTally::sampleLatency(const QByteArray &node, RaceEntry &entry, qint64 latencyMs)
{
    const qint64 seen = ++m_verifiedSeen[node];
    if (entry.latenciesMs.size() < RaceEntry::kMaxLatencies)
        entry.latenciesMs.append(latencyMs);
    else if (const quint64 slot = m_random.bounded(quint64(seen));
             slot < quint64(RaceEntry::kMaxLatencies))
        entry.latenciesMs[qsizetype(slot)] = latencyMs;
}

void EpochTally::audited(const QByteArray &node, bool passed)
{
    AuditEntry &entry = m_audits[node];
    ++entry.audits;
    if (passed)
        ++entry.passed;
}

void EpochTally::probed(const QByteArray &node, bool answered)
{
    AuditEntry &entry = m_audits[node];
    ++entry.probes;
    if (answered)
        ++entry.answered;
}

void EpochTally::query(bool won, Money paid)
{
    ++m_queries;
    if (!won)
        ++m_lost;
    m_spent = m_spent.plus(paid).value();
}

void EpochTally::absorb(const RaceReportBody &races, const AuditReportBody &audits)
{
    for (auto it = races.nodes.constBegin(); it != races.nodes.constEnd(); ++it) {
        RaceEntry &entry = m_races[it.key()];
        entry.raced += it->raced;
        entry.won += it->won;
        entry.slaMiss += it->slaMiss;
        entry.invalid += it->invalid;
        m_invalid += it->invalid;
        for (const qint64 latency : it->latenciesMs)
            sampleLatency(it.key(), entry, latency);
    }
    for (auto it = audits.nodes.constBegin(); it != audits.nodes.constEnd(); ++it) {
        AuditEntry &entry = m_audits[it.key()];
        entry.audits += it->audits;
        entry.passed += it->passed;
        entry.probes += it->probes;
        entry.answered += it->answered;
    }
}

RaceReportBody EpochTally::raceReport() const
{
    return RaceReportBody{m_epoch, m_races};
}

AuditReportBody EpochTally::auditReport() const
{
    return AuditReportBody{m_epoch, m_audits};
}

QString EpochTally::summary(const std::function<QString(const QByteArray &)> &label) const
{
    QStringList wins;
    for (auto it = m_races.constBegin(); it != m_races.constEnd(); ++it) {
        if (it->won > 0)
            wins.append(QStringLiteral("%1 %2").arg(label(it.key())).arg(it->won));
    }
    return QStringLiteral("epoch %1: queries %2 (%3 not sent), won %4, sla_miss %5, invalid %6, "
                          "spent %7 µcr")
        .arg(m_epoch)
        .arg(m_queries)
        .arg(m_notSent)
        .arg(wins.isEmpty() ? QStringLiteral("none") : wins.join(QLatin1Char(' ')))
        .arg(m_lost)
        .arg(m_invalid)
        .arg(m_spent.micro());
}

} // namespace streamsync
