// `bench_fetch [SECONDS] [IN_FLIGHT] [CHUNKS]`: one `streamsync-node run` on loopback holding an
// object of CHUNKS (default 1024) chunks of 4 KiB, stored through the customer's upload path;
// then one customer connection (TLS 1.3) keeps IN_FLIGHT (default 32) queries for random chunks
// outstanding for SECONDS (default 10). Every answer is verified as a race would (Merkle proof
// to the object id and the node's signature). Prints requests/s and latency p50/p99.
//
// What one query costs the node: a manifest read (it is not cached), the chunk read and
// re-hashed, an audit path over the object's leaves and an Ed25519 signature, all on its worker
// threads, and a TLS frame; the customer decodes and checks it. Both share the machine's cores.
#include "LocalCluster.h"

#include "crypto/Ed25519.h"
#include "customer/AnswerCheck.h"
#include "customer/LatencyStats.h"
#include "customer/NodeLink.h"
#include "customer/NodeUploader.h"
#include "customer/ObjectFile.h"
#include "net/NodeCertificate.h"
#include "net/StorageMessages.h"
#include "params/Parameters.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <cstdio>
#include <memory>

using namespace streamsync;

namespace {

constexpr qint64 kChunkBytes = 4096;

struct Settings
{
    int seconds = 10;
    int inFlight = 32;
    int chunks = 1024;
};

class FetchBench : public QObject
{
public:
    FetchBench(const Settings &settings, NodeLink &link, ObjectFile &file)
        : m_settings(settings), m_link(link), m_file(file), m_random(4096)
    {}

    void start()
    {
        auto *uploader = new NodeUploader(m_link, m_file, 64, this);
        connect(uploader, &NodeUploader::finished, this, [this, uploader] {
            if (!uploader->succeeded())
                return quit(QStringLiteral("upload failed: ") + uploader->error());
            std::printf("stored %d chunks of %lld bytes\n", int(m_file.manifest().chunkCount()),
                        kChunkBytes);
            m_clock.start();
            for (int i = 0; i < m_settings.inFlight; ++i)
                issue();
        });
        uploader->start();
    }

    int exitCode() const { return m_exitCode; }

private:
    void issue()
    {
        const qint64 index = qint64(m_random.bounded(quint32(m_file.manifest().chunkCount())));
        QByteArray queryId(16, Qt::Uninitialized);
        m_random.fillRange(reinterpret_cast<quint32 *>(queryId.data()), 4);
        const qint64 sent = m_clock.nsecsElapsed();
        ++m_outstanding;
        m_link.request(wire::makeQuery(queryId, m_file.manifest().objectId, index, 0),
                       [this, index, queryId, sent](const QCborMap &reply) {
                           onReply(reply, index, queryId, sent);
                       });
    }

    void onReply(const QCborMap &reply, qint64 index, const QByteArray &queryId, qint64 sent)
    {
        --m_outstanding;
        const auto answer = wire::parseChunkAnswer(reply);
        const AnswerCheck check{m_file.manifest().objectId, index, m_file.manifest().chunkCount(),
                                queryId, m_link.peer().nodeId};
        if (answer && check.verify(answer.value()))
            m_latencies.add((m_clock.nsecsElapsed() - sent) / 1000);
        else
            ++m_errors;
        if (m_clock.elapsed() < m_settings.seconds * 1000)
            return issue();
        if (m_outstanding == 0)
            report();
    }

    void report()
    {
        const double seconds = double(m_clock.nsecsElapsed()) / 1e9;
        const qint64 done = m_latencies.count();
        std::printf("%lld requests in %.1f s with %d in flight: %.0f requests/s, %lld errors\n",
                    done, seconds, m_settings.inFlight, double(done) / seconds, m_errors);
        std::printf("latency p50 %.2f ms  p99 %.2f ms\n", m_latencies.percentileMs(50),
                    m_latencies.percentileMs(99));
        m_exitCode = m_errors == 0 ? 0 : 2;
        QCoreApplication::exit(m_exitCode);
    }

    void quit(const QString &reason)
    {
        std::fprintf(stderr, "bench_fetch: %s\n", qPrintable(reason));
        m_exitCode = 2;
        QCoreApplication::exit(m_exitCode);
    }

    Settings m_settings;
    NodeLink &m_link;
    ObjectFile &m_file;
    QRandomGenerator m_random;
    QElapsedTimer m_clock;
    LatencyStats m_latencies;
    int m_outstanding = 0;
    qint64 m_errors = 0;
    int m_exitCode = 2;
};

Result<QString> writeObject(const QString &dir, int chunks)
{
    const QString path = dir + QStringLiteral("/object.bin");
    QByteArray bytes(chunks * kChunkBytes, Qt::Uninitialized);
    QRandomGenerator(7).fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return fail(QStringLiteral("cannot write ") + path);
    return path;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    Settings settings;
    settings.seconds = qMax(1, args.value(1, QStringLiteral("10")).toInt());
    settings.inFlight = qMax(1, args.value(2, QStringLiteral("32")).toInt());
    settings.chunks = qMax(1, args.value(3, QStringLiteral("1024")).toInt());

    QTemporaryDir dir;
    LocalCluster cluster(dir.path(), QStringLiteral("bench passphrase"));
    if (auto added = cluster.addNode(QStringLiteral("node0")); !added)
        return std::fprintf(stderr, "%s\n", qPrintable(added.error())), 2;
    if (auto started = cluster.start(0, {}, {}); !started)
        return std::fprintf(stderr, "%s\n", qPrintable(started.error())), 2;
    const auto path = writeObject(dir.path(), settings.chunks);
    auto file = path ? ObjectFile::open(path.value(), kChunkBytes)
                     : Result<std::unique_ptr<ObjectFile>>(Error{path.error()});
    auto key = Ed25519SigningKey::generate();
    auto identity =
        key ? NodeCertificate::create(key.value()) : Result<NodeCertificate>(Error{key.error()});
    if (!file || !identity)
        return std::fprintf(stderr, "%s\n", qPrintable(file ? identity.error() : file.error())), 2;

    TransportConfig transport;
    transport.paramsHash = Parameters::defaults().hash();
    const auto peer = PeerAddress::parsePeer(cluster.peerArgument(0));
    NodeLink link(peer.value(), identity.value(), transport);
    FetchBench bench(settings, link, *file.value());
    QObject::connect(&link, &NodeLink::ready, &bench, [&bench] { bench.start(); });
    link.open();
    app.exec();
    return bench.exitCode();
}
