#include "localnet/LocalNetworkSetup.h"

#include "crypto/Ed25519.h"
#include "crypto/KeyFile.h"
#include "crypto/NodeId.h"
#include "customer/CustomerKey.h"
#include "customer/CustomerSession.h"
#include "ledger/LedgerBodies.h"
#include "ledger/NetworkConfig.h"
#include "log/Event.h"
#include "log/EventStore.h"
#include "market/SeededRandom.h"
#include "node/NodeHome.h"
#include "util/Clock.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSaveFile>

namespace streamsync {

namespace {

constexpr qint64 kLocalChunkBytes = 64 * 1024;

QString in(const QString &dir, const QString &name)
{
    return QDir(dir).filePath(name);
}

Money credits(qint64 cr)
{
    return Money::fromMicro(cr * Money::kMicroPerCredit);
}

Result<void> writePrivate(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

Result<QByteArray> readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    return file.readAll();
}

} // namespace

Parameters LocalNetworkSetup::parameters(const LocalNetworkSpec &spec)
{
    Parameters p = Parameters::defaults();
    p.epochLengthMs = spec.epochMs;
    // The first closer waits a tenth of an epoch for late events, the next ones as long again.
    p.closerTimeoutMs = qMax<qint64>(200, spec.epochMs / 10);
    // Unbonded stake comes back within a few epochs, so the Stake view shows it happen.
    p.unbondingPeriodMs = 3 * spec.epochMs;
    // Three of six competitors per query: enough choice that price and reputation matter.
    p.selectionK = 3;
    // Small chunks make small objects of several chunks: cheap to race, still audit-worthy.
    p.maxChunkBytes = kLocalChunkBytes;
    // Visible in credits per epoch, next to fees of a few thousand µcr per query.
    p.emissionPerEpoch = credits(20);
    return p;
}

Result<QString> LocalNetworkSetup::passphrase(const QString &dir)
{
    const QString path = in(dir, QStringLiteral("passphrase"));
    if (QFile::exists(path)) {
        auto bytes = readAll(path);
        if (!bytes)
            return Error{bytes.error()};
        return QString::fromUtf8(bytes->trimmed());
    }
    QByteArray secret(18, Qt::Uninitialized);
    for (char &c : secret)
        c = char(QRandomGenerator::system()->bounded(256));
    const QByteArray text = secret.toBase64();
    if (auto written = writePrivate(path, text + '\n'); !written)
        return Error{written.error()};
    return QString::fromLatin1(text);
}

Result<Ed25519SigningKey> LocalNetworkSetup::genesisKey(const QString &dir,
                                                        const QString &passphrase)
{
    const QString path = in(dir, QStringLiteral("genesis.key"));
    if (QFile::exists(path))
        return KeyFile::load(path, KeyRole::Operator, passphrase);
    auto key = Ed25519SigningKey::generate();
    if (!key)
        return key;
    if (auto written = KeyFile::create(path, key.value(), KeyRole::Operator, passphrase,
                                       ScryptCost::fastForTests());
        !written)
        return Error{written.error()};
    return key;
}

Result<void> LocalNetworkSetup::prepareCustomer(LocalNetworkLayout &layout,
                                                const QString &passphrase)
{
    layout.customerDir = in(layout.dir, QStringLiteral("customer"));
    if (!QFile::exists(CustomerKey::keyPath(layout.customerDir))) {
        if (auto made =
                CustomerKey::init(layout.customerDir, passphrase, ScryptCost::fastForTests());
            !made)
            return Error{made.error()};
    }
    const auto key = KeyFile::readPublicKey(CustomerKey::keyPath(layout.customerDir));
    if (!key)
        return Error{key.error()};
    layout.customerKey = key.value();
    layout.customerIdHex = NodeId::fromPublicKey(key.value()).toHex();
    return {};
}

Result<void> LocalNetworkSetup::prepareNodes(LocalNetworkLayout &layout,
                                             const LocalNetworkSpec &spec,
                                             const QString &passphrase)
{
    SystemClock clock;
    for (const CompetitorProfile &profile : CompetitorProfile::roster(spec.competitors)) {
        const QString dir = in(layout.dir, QStringLiteral("nodes/") + profile.name);
        if (!QFile::exists(NodeHome::keyPath(dir))) {
            NodeHome::InitOptions options{profile.name, profile.capacityBytes,
                                          ScryptCost::fastForTests()};
            if (auto home = NodeHome::init(dir, options, passphrase, clock); !home)
                return Error{home.error()};
        }
        const auto key = KeyFile::readPublicKey(NodeHome::keyPath(dir));
        if (!key)
            return Error{key.error()};
        layout.nodes.append(
            {profile, dir, NodeId::fromPublicKey(key.value()).toHex(), key.value()});
    }
    return {};
}

Result<QByteArray> LocalNetworkSetup::genesisEvent(const LocalNetworkLayout &layout,
                                                   const Ed25519SigningKey &key,
                                                   const Parameters &params)
{
    const QString path = in(layout.dir, QStringLiteral("genesis.cbor"));
    if (QFile::exists(path))
        return readAll(path);
    GenesisBody body;
    body.network = QStringLiteral("localnet");
    body.paramsHash = params.hash();
    body.startMs = QDateTime::currentMSecsSinceEpoch();
    for (const LocalNetworkLayout::Node &node : layout.nodes)
        body.grants.insert(node.publicKey, credits(kNodeGrantCredits));
    body.grants.insert(layout.customerKey, credits(kCustomerGrantCredits));
    const auto event = Event::sign(key, 1, QByteArray(Event::kHashSize, '\0'), {},
                                   quint64(body.startMs), EventKind::Genesis, body.toCbor());
    if (!event)
        return Error{event.error()};
    if (auto written = writePrivate(path, event->encoded()); !written)
        return Error{written.error()};
    return event->encoded();
}

Result<void> LocalNetworkSetup::checkGrants(LocalNetworkLayout &layout, const QByteArray &event,
                                            const Parameters &params)
{
    const auto decoded = Event::decode(event, params.maxEventBytes);
    if (!decoded)
        return fail(QStringLiteral("%1/genesis.cbor: %2").arg(layout.dir, decoded.error()));
    const auto body = GenesisBody::fromCbor(decoded->body());
    if (!body)
        return fail(QStringLiteral("%1/genesis.cbor: %2").arg(layout.dir, body.error()));
    for (const LocalNetworkLayout::Node &node : layout.nodes) {
        if (!body->grants.contains(node.publicKey))
            return fail(QStringLiteral("%1 was made with fewer competitors: its genesis grants "
                                       "nothing to %2; use the same --competitors or another "
                                       "folder")
                            .arg(layout.dir, node.profile.name));
    }
    layout.genesisStartMs = body->startMs;
    return {};
}

Result<void> LocalNetworkSetup::importGenesis(const LocalNetworkLayout &layout,
                                              const QByteArray &event, const Parameters &params)
{
    SystemClock clock;
    for (const LocalNetworkLayout::Node &node : layout.nodes) {
        auto home = NodeHome::open(node.dir, clock);
        if (!home)
            return Error{home.error()};
        if (auto accepted = home.value()->log().accept(event); !accepted)
            return fail(QStringLiteral("%1 refuses the genesis: %2")
                            .arg(node.profile.name, accepted.error()));
    }
    return CustomerSession::importEvent(layout.customerDir, event, params);
}

Result<void> LocalNetworkSetup::prepareObjects(LocalNetworkLayout &layout,
                                               const LocalNetworkSpec &spec)
{
    const QString dir = in(layout.dir, QStringLiteral("objects"));
    if (!QDir().mkpath(dir))
        return fail(QStringLiteral("cannot create %1").arg(dir));
    for (int i = 0; i < spec.objects; ++i) {
        const QString path = in(dir, QStringLiteral("object-%1.bin").arg(i + 1));
        layout.objectFiles.append(path);
        if (QFile::exists(path))
            continue;
        // Deterministic content of a few different sizes; any bytes would do.
        SeededRandom random(spec.seed * 7919ULL + quint64(i));
        QByteArray bytes(spec.objectBytes * (2 + i % 3) / 2, Qt::Uninitialized);
        for (char &c : bytes)
            c = char(random.nextU64());
        if (auto written = writePrivate(path, bytes); !written)
            return written;
    }
    return {};
}

Result<LocalNetworkLayout> LocalNetworkSetup::prepare(const LocalNetworkSpec &spec)
{
    if (auto valid = spec.validate(); !valid)
        return Error{valid.error()};
    LocalNetworkLayout layout;
    layout.dir = QDir(spec.dir).absolutePath();
    layout.logsDir = in(layout.dir, QStringLiteral("logs"));
    layout.passphraseFile = in(layout.dir, QStringLiteral("passphrase"));
    layout.networkFile = in(layout.dir, QStringLiteral("network.json"));
    if (!QDir().mkpath(layout.logsDir))
        return fail(QStringLiteral("cannot create %1").arg(layout.logsDir));
    const auto secret = passphrase(layout.dir);
    if (!secret)
        return Error{secret.error()};
    const Parameters params = parameters(spec);
    if (QFile::exists(layout.networkFile)) {
        const auto existing = NetworkConfig::load(layout.networkFile);
        if (!existing)
            return Error{existing.error()};
        if (existing->params.hash() != params.hash())
            return fail(QStringLiteral("%1 holds a network with other rules (epochs of %2 ms); "
                                       "start it with the same --epoch-ms or use another folder")
                            .arg(layout.dir)
                            .arg(existing->params.epochLengthMs));
    }
    auto key = genesisKey(layout.dir, secret.value());
    if (!key)
        return Error{key.error()};
    if (auto done = prepareCustomer(layout, secret.value()); !done)
        return Error{done.error()};
    if (auto done = prepareNodes(layout, spec, secret.value()); !done)
        return Error{done.error()};
    const auto genesis = genesisEvent(layout, key.value(), params);
    if (!genesis)
        return Error{genesis.error()};
    if (auto checked = checkGrants(layout, genesis.value(), params); !checked)
        return Error{checked.error()};
    if (auto imported = importGenesis(layout, genesis.value(), params); !imported)
        return Error{imported.error()};
    if (auto saved = NetworkConfig{key->publicKey(), params}.save(layout.networkFile); !saved)
        return Error{saved.error()};
    if (auto made = prepareObjects(layout, spec); !made)
        return Error{made.error()};
    return layout;
}

} // namespace streamsync
