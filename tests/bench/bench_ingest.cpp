// `bench_ingest [MiB] [DIR]`: ingests one object (default 1024 MiB) from a pre-generated file
// into a chunk store in DIR (default /tmp), then copies the same file with
// `dd bs=1M conv=fsync` on the same filesystem; three rounds, medians printed. The store
// fsyncs every chunk and folder; dd fsyncs once at the end, which is the bar (target ≥ 0.8).
//
// Each side first deletes its output of the previous round, so both write into blocks just
// freed: on thin-provisioned virtual disks, first-time blocks were 3× slower than reused ones,
// and a comparison of one against the other measures the disk image, not the code. CPU
// seconds are printed too: ingest hashes every byte twice (chunk name and Merkle leaf), so on
// a machine whose cores are busy with other work the ratio follows the CPU left to it.
#include "storage/ChunkStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

using namespace streamsync;

namespace {

constexpr qint64 kMiB = qint64(1) << 20;

struct Run
{
    double seconds = -1;
    double cpuSeconds = 0;
};

double cpuSeconds(int who)
{
    rusage usage{};
    getrusage(who, &usage);
    const auto seconds = [](const timeval &t) {
        return double(t.tv_sec) + double(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

bool ensureInput(const QString &path, qint64 size)
{
    if (QFileInfo(path).size() == size)
        return true;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    QRandomGenerator generator(2024);
    QList<quint32> block(8 * kMiB / 4);
    for (qint64 left = size; left > 0; left -= 8 * kMiB) {
        generator.fillRange(block.data(), block.size());
        const qint64 n = qMin(left, 8 * kMiB);
        if (file.write(reinterpret_cast<const char *>(block.constData()), n) != n)
            return false;
    }
    return file.flush();
}

Run timeIngest(const QString &input, const QString &storeDir, qint64 size)
{
    QDir(storeDir).removeRecursively();
    ChunkStoreOptions options;
    options.quotaBytes = 2 * size + 64 * kMiB;
    auto store = ChunkStore::open(storeDir, options);
    QFile in(input);
    if (!store || !in.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return {};
    ::sync(); // start from a clean page cache state, as dd does below
    const double cpuBefore = cpuSeconds(RUSAGE_SELF);
    QElapsedTimer timer;
    timer.start();
    const auto manifest = (*store)->storeObject(in);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (!manifest) {
        std::fprintf(stderr, "ingest failed: %s\n", qPrintable(manifest.error()));
        return {};
    }
    return {seconds, cpuSeconds(RUSAGE_SELF) - cpuBefore};
}

Run timeDd(const QString &input, const QString &output)
{
    QFile::remove(output);
    ::sync();
    const double cpuBefore = cpuSeconds(RUSAGE_CHILDREN);
    QElapsedTimer timer;
    timer.start();
    const int code = QProcess::execute(
        QStringLiteral("dd"),
        {QStringLiteral("if=") + input, QStringLiteral("of=") + output, QStringLiteral("bs=1M"),
         QStringLiteral("conv=fsync"), QStringLiteral("status=none")});
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (code != 0)
        return {};
    return {seconds, cpuSeconds(RUSAGE_CHILDREN) - cpuBefore};
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 size = (args.size() > 1 ? args[1].toLongLong() : 1024) * kMiB;
    const QString dir = args.size() > 2 ? args[2] : QStringLiteral("/tmp");
    const QString input = dir + QStringLiteral("/bench_ingest.in");
    const QString storeDir = dir + QStringLiteral("/bench_ingest.store");
    const QString ddOut = dir + QStringLiteral("/dd.out");
    if (size <= 0 || !ensureInput(input, size)) {
        std::fprintf(stderr, "usage: bench_ingest [MiB] [DIR]; cannot prepare %s\n",
                     qPrintable(input));
        return 1;
    }
    const double gib = double(size) / double(1024 * kMiB);
    QList<double> ingest;
    QList<double> dd;
    for (int round = 0; round < 3; ++round) {
        const Run a = timeIngest(input, storeDir, size);
        const Run b = timeDd(input, ddOut);
        if (a.seconds <= 0 || b.seconds <= 0)
            return 2;
        ingest.append(double(size) / 1e6 / a.seconds);
        dd.append(double(size) / 1e6 / b.seconds);
        std::printf("round %d: ingest %.0f MB/s (%.2f CPU s/GiB), dd %.0f MB/s (%.2f CPU s/GiB)\n",
                    round + 1, ingest.last(), a.cpuSeconds / gib, dd.last(), b.cpuSeconds / gib);
    }
    QDir(storeDir).removeRecursively();
    QFile::remove(ddOut);
    std::printf("ingest: %.0f MB/s  dd conv=fsync: %.0f MB/s  ratio %.2f\n", median(ingest),
                median(dd), median(ingest) / median(dd));
    return 0;
}
