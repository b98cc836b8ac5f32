#include "ledger/HeldEvents.h"

#include <algorithm>

namespace streamsync {

bool HeldEvents::add(const Event &event)
{
    std::deque<HeldEvent> &feed = m_feeds[event.author()];
    if (event.seq() != quint64(feed.size()) + 1)
        return false;
    if (!feed.empty() && event.prev() != feed.back().event.hash())
        return false;
    const qint64 own = qint64(event.timeMs());
    HeldEvent held{event, feed.empty() ? own : std::max(own, feed.back().effectiveMs), {}, {}, {}};
    if (event.kind() == EventKind::EpochClose) {
        if (auto body = EpochCloseBody::fromCbor(event.body()))
            held.close = std::make_shared<const EpochCloseBody>(std::move(body).value());
    }
    feed.push_back(std::move(held));
    if (feed.back().close)
        m_closes[feed.back().close->epoch].append(&feed.back());
    ++m_total;
    return true;
}

qint64 HeldEvents::count(const QByteArray &author) const
{
    const auto it = m_feeds.find(author);
    return it == m_feeds.end() ? 0 : qint64(it->second.size());
}

const HeldEvent *HeldEvents::at(const QByteArray &author, qint64 seq) const
{
    const auto it = m_feeds.find(author);
    if (it == m_feeds.end() || seq < 1 || seq > qint64(it->second.size()))
        return nullptr;
    return &it->second[size_t(seq - 1)];
}

QList<QByteArray> HeldEvents::authors() const
{
    QList<QByteArray> keys;
    for (const auto &[author, feed] : m_feeds)
        keys.append(author);
    return keys;
}

HeldEvents::Coverage HeldEvents::coverage(const Event::Deps &frontier) const
{
    Coverage result = Coverage::Held;
    for (auto it = frontier.begin(); it != frontier.end(); ++it) {
        const HeldEvent *held = at(it.key(), qint64(it->seq));
        if (!held)
            result = Coverage::Missing;
        else if (held->event.hash() != it->hash)
            return Coverage::Conflict;
    }
    return result;
}

void HeldEvents::sortForFold(QList<const HeldEvent *> &events)
{
    std::sort(events.begin(), events.end(),
              [](const HeldEvent *a, const HeldEvent *b) { return foldsBefore(*a, *b); });
}

QList<const HeldEvent *> HeldEvents::between(const Event::Deps &from, const Event::Deps &to) const
{
    QList<const HeldEvent *> events;
    for (auto it = to.begin(); it != to.end(); ++it) {
        const auto feed = m_feeds.find(it.key());
        if (feed == m_feeds.end())
            continue;
        const qint64 first = qint64(from.value(it.key()).seq);
        const qint64 last = std::min<qint64>(qint64(it->seq), qint64(feed->second.size()));
        for (qint64 seq = first + 1; seq <= last; ++seq)
            events.append(&feed->second[size_t(seq - 1)]);
    }
    sortForFold(events);
    return events;
}

QList<const HeldEvent *> HeldEvents::after(const Event::Deps &from) const
{
    QList<const HeldEvent *> events;
    for (const auto &[author, feed] : m_feeds) {
        for (size_t i = size_t(from.value(author).seq); i < feed.size(); ++i)
            events.append(&feed[i]);
    }
    sortForFold(events);
    return events;
}

Event::Deps HeldEvents::prefixBefore(qint64 endMs) const
{
    Event::Deps heads;
    for (const auto &[author, feed] : m_feeds) {
        // Effective times never decrease along a feed, so the prefix ends at the first event
        // at or after endMs.
        const auto end =
            std::partition_point(feed.begin(), feed.end(),
                                 [endMs](const HeldEvent &e) { return e.effectiveMs < endMs; });
        if (end != feed.begin()) {
            const Event &last = std::prev(end)->event;
            heads.insert(author, Event::DepHead{last.seq(), last.hash()});
        }
    }
    return heads;
}

} // namespace streamsync
