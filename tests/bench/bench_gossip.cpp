#include "LocalCluster.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <cstdio>

using namespace streamsync;

// `bench_gossip [EVENTS_PER_NODE] [NODES] [INTERVAL_MS]`: NODES real `streamsync-node run`
// processes in a ring on loopback, each with EVENTS_PER_NODE offers of its own signed before
// start. Prints how long until every node holds every event, and the events stored per second
// over the whole cluster. A figure to watch, not a test: it never fails for being slow.
namespace {

int argument(const QStringList &arguments, int index, int fallback)
{
    bool ok = false;
    const int value = arguments.value(index).toInt(&ok);
    return ok && value > 0 ? value : fallback;
}

void check(const Result<void> &result)
{
    if (!result) {
        std::fprintf(stderr, "bench_gossip: %s\n", qPrintable(result.error()));
        std::exit(2);
    }
}

qint64 totalEvents(const LocalCluster &cluster, QList<qint64> &counts)
{
    qint64 total = 0;
    for (int i = 0; i < cluster.size(); ++i) {
        const auto count = cluster.eventCount(i);
        counts[i] = count ? count.value() : 0;
        total += counts[i];
    }
    return total;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const int perNode = argument(arguments, 1, 10'000);
    const int nodes = argument(arguments, 2, 5);
    const int intervalMs = argument(arguments, 3, 1000);
    QTextStream out(stdout);

    QTemporaryDir dir;
    LocalCluster cluster(dir.path(), QStringLiteral("bench passphrase"));
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < nodes; ++i) {
        if (const auto added = cluster.addNode(QStringLiteral("node%1").arg(i)); !added)
            check(Error{added.error()});
        check(cluster.appendOffers(i, perNode));
    }
    out << nodes << " nodes x " << perNode << " events signed and stored in " << timer.elapsed()
        << " ms" << Qt::endl;

    // Own feed per node once running: announce, Stopped, the offers, Starting, Online.
    const qint64 perFeed = perNode + 4;
    const qint64 target = perFeed * nodes;
    const QStringList extra{QStringLiteral("--gossip-interval-ms"), QString::number(intervalMs)};
    timer.restart();
    for (int i = 0; i < nodes; ++i) {
        QList<int> peers;
        if (i > 0)
            peers.append(i - 1);
        if (i == nodes - 1 && nodes > 2)
            peers.append(0); // closes the ring
        check(cluster.start(i, peers, extra));
    }
    out << "daemons listening after " << timer.elapsed() << " ms; waiting for " << target
        << " events on every node" << Qt::endl;

    QList<qint64> counts(nodes, 0);
    qint64 lastReport = 0;
    while (totalEvents(cluster, counts) < target * nodes) {
        if (timer.elapsed() - lastReport >= 5000) {
            lastReport = timer.elapsed();
            out << "  " << lastReport / 1000 << " s:";
            for (qint64 count : counts)
                out << ' ' << count;
            out << Qt::endl;
        }
        if (timer.elapsed() > 600'000) {
            out << "gave up after 10 minutes" << Qt::endl;
            return 2;
        }
        QThread::msleep(100);
    }
    const qint64 elapsed = timer.elapsed();
    const qint64 moved = (target - perFeed) * nodes; // events each node had to receive
    out << "converged: all " << nodes << " nodes hold " << target << " events after " << elapsed
        << " ms (" << qint64(double(moved) * 1000.0 / double(qMax<qint64>(1, elapsed)))
        << " events/s stored across the cluster, " << moved << " in all)" << Qt::endl;
    for (int i = 0; i < nodes; ++i)
        check(cluster.stop(i, 30'000));
    out << "all daemons exited 0 after SIGTERM" << Qt::endl;
    return 0;
}
