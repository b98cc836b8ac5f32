// Log throughput against raw OpenSSL Ed25519: how much the event layer (CBOR, hashing, chain
// checks) costs on top of the signature itself. Prints medians of 5 rounds; never fails.
#include "crypto/Ed25519.h"
#include "crypto/OpenSslPtr.h"
#include "log/Feed.h"

#include <QCborMap>
#include <QElapsedTimer>
#include <QList>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <utility>
#include <vector>

using namespace streamsync;

namespace {

constexpr int kRounds = 5;
constexpr int kChunk = 500;
constexpr quint64 kTime = 1'700'000'000'000;

using Work = std::function<void(int begin, int end)>;

// Events per second of our path and of the raw baseline over `count` items. The two alternate in
// chunks so that both see the same machine load (other builds share these cores).
std::pair<double, double> interleaved(int count, const Work &ours, const Work &raw)
{
    qint64 oursNs = 0, rawNs = 0;
    QElapsedTimer timer;
    for (int begin = 0; begin < count; begin += kChunk) {
        const int end = std::min(count, begin + kChunk);
        timer.start();
        ours(begin, end);
        oursNs += timer.nsecsElapsed();
        timer.start();
        raw(begin, end);
        rawNs += timer.nsecsElapsed();
    }
    return {count * 1e9 / double(std::max<qint64>(oursNs, 1)),
            count * 1e9 / double(std::max<qint64>(rawNs, 1))};
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

const unsigned char *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

// A typical small event: an offer naming one other feed's head.
void appendRange(Feed &feed, const Ed25519SigningKey &key, int begin, int end)
{
    const Event::Deps deps{{QByteArray(32, 'd'), {42, QByteArray(32, 'h')}}};
    for (int i = begin; i < end; ++i) {
        const QCborMap body{{QStringLiteral("price"), 1000 + i % 97},
                            {QStringLiteral("region"), QStringLiteral("eu-west")},
                            {QStringLiteral("capacity"), qint64(4) << 40}};
        if (!feed.append(key, EventKind::Offer, body, deps, kTime + quint64(i)))
            qFatal("append failed");
    }
}

void verifyRange(Feed &feed, const QList<QByteArray> &encoded, int begin, int end)
{
    for (int i = begin; i < end; ++i) {
        if (auto accepted = feed.acceptEncoded(encoded[i]); !accepted)
            qFatal("verify failed: %s", qPrintable(accepted.error()));
    }
}

// Raw OpenSSL: one context per chunk, re-initialised per message as one-shot Ed25519 requires.
void rawSign(EVP_PKEY *key, const QList<Event> &events, int begin, int end)
{
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    unsigned char sig[64];
    for (int i = begin; i < end; ++i) {
        const QByteArray &message = events[i].signingBytes();
        size_t length = sizeof sig;
        if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1 ||
            EVP_DigestSign(ctx.get(), sig, &length, bytes(message), size_t(message.size())) != 1)
            qFatal("raw sign failed");
    }
}

void rawVerify(EVP_PKEY *key, const QList<Event> &events, int begin, int end)
{
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    for (int i = begin; i < end; ++i) {
        const QByteArray &message = events[i].signingBytes();
        if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1 ||
            EVP_DigestVerify(ctx.get(), bytes(events[i].sig()), 64, bytes(message),
                             size_t(message.size())) != 1)
            qFatal("raw verify failed");
    }
}

struct Phase
{
    std::vector<double> ours, raw, ratio;
    void add(std::pair<double, double> rates)
    {
        ours.push_back(rates.first);
        raw.push_back(rates.second);
        ratio.push_back(rates.first / rates.second);
    }
    void print(const char *name, const char *rawName) const
    {
        std::printf("%s: %.0f events/s (raw %s %.0f/s, ratio %.2f)\n", name, median(ours), rawName,
                    median(raw), median(ratio));
    }
};

} // namespace

int main(int argc, char **argv)
{
    const int count = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20000;
    const auto key = Ed25519SigningKey::generate().value();
    const auto publicKey = Ed25519PublicKey::fromRaw(key.publicKey()).value();
    // Raw signing signs a warm-up feed's messages: the same shapes, independent of the timed run.
    Feed warmUp(key.publicKey());
    appendRange(warmUp, key, 0, count);
    Phase append, verify;
    for (int round = 0; round < kRounds; ++round) {
        Feed own(key.publicKey());
        append.add(interleaved(
            count, [&](int b, int e) { appendRange(own, key, b, e); },
            [&](int b, int e) { rawSign(key.handle(), warmUp.events(), b, e); }));
        QList<QByteArray> encoded;
        for (const Event &event : own.events())
            encoded.append(event.encoded());
        Feed peer(key.publicKey());
        verify.add(interleaved(
            count, [&](int b, int e) { verifyRange(peer, encoded, b, e); },
            [&](int b, int e) { rawVerify(publicKey.handle(), own.events(), b, e); }));
    }
    std::printf("bench_log: %d events of %lld bytes, %d rounds, medians (ours and raw interleaved "
                "in chunks of %d; ratio per round)\n",
                count, static_cast<long long>(warmUp.events().first().encoded().size()), kRounds,
                kChunk);
    append.print("append", "sign");
    verify.print("verify", "verify");
    return 0;
}
