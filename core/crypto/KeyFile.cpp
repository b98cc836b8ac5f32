#include "crypto/KeyFile.h"

#include "crypto/AesGcm.h"
#include "crypto/OpenSslPtr.h"
#include "crypto/Sha256.h"
#include "log/CanonicalCbor.h"

#include <QCborMap>
#include <QFile>
#include <QSaveFile>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

namespace streamsync {

namespace {

constexpr int kSaltSize = 16;
constexpr int kNonceSize = AesGcm::kNonceSize;
constexpr int kTagSize = AesGcm::kTagSize;
constexpr int kCheckSize = 16;
constexpr qint64 kMaxFileSize = 4096;
const QLatin1String kFormat("streamsync-key");

// Scrypt's memory is 128·r·N bytes; refuse files that ask for more (a planted file must not be
// able to exhaust memory) or for less than a minimal cost.
constexpr quint64 kMaxScryptMemory = 512ull << 20;

struct Header
{
    KeyRole role = KeyRole::Operator;
    QByteArray publicKey;
    ScryptCost cost;
    QByteArray salt;
    QByteArray nonce;
};

struct Sealed
{
    Header header;
    QByteArray check;
    QByteArray ciphertext;
    QByteArray tag;
};

struct DerivedKeys
{
    QByteArray encryption; // 32 bytes for AES-256-GCM
    QByteArray check;      // 16 bytes stored in the file to recognise a wrong passphrase
};

unsigned char *u8(QByteArray &bytes)
{
    return reinterpret_cast<unsigned char *>(bytes.data());
}
const unsigned char *u8(const QByteArray &bytes)
{
    return reinterpret_cast<const unsigned char *>(bytes.constData());
}

QCborMap headerMap(const Header &h)
{
    QCborMap kdf;
    kdf.insert(QStringLiteral("name"), QStringLiteral("scrypt"));
    kdf.insert(QStringLiteral("n"), qint64(h.cost.n));
    kdf.insert(QStringLiteral("r"), qint64(h.cost.r));
    kdf.insert(QStringLiteral("p"), qint64(h.cost.p));
    kdf.insert(QStringLiteral("salt"), h.salt);
    QCborMap map;
    map.insert(QStringLiteral("format"), kFormat);
    map.insert(QStringLiteral("version"), 1);
    map.insert(QStringLiteral("role"), toString(h.role));
    map.insert(QStringLiteral("public"), h.publicKey);
    map.insert(QStringLiteral("kdf"), kdf);
    map.insert(QStringLiteral("nonce"), h.nonce);
    return map;
}

Result<DerivedKeys> derive(const QString &passphrase, const Header &h)
{
    const QByteArray secret = passphrase.toUtf8();
    QByteArray out(64, Qt::Uninitialized);
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_SCRYPT, nullptr));
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set1_pbe_pass(ctx.get(), secret.constData(), int(secret.size())) != 1 ||
        EVP_PKEY_CTX_set1_scrypt_salt(ctx.get(), u8(h.salt), int(h.salt.size())) != 1 ||
        EVP_PKEY_CTX_set_scrypt_N(ctx.get(), h.cost.n) != 1 ||
        EVP_PKEY_CTX_set_scrypt_r(ctx.get(), h.cost.r) != 1 ||
        EVP_PKEY_CTX_set_scrypt_p(ctx.get(), h.cost.p) != 1 ||
        EVP_PKEY_CTX_set_scrypt_maxmem_bytes(ctx.get(), kMaxScryptMemory + (16 << 20)) != 1)
        return fail(QStringLiteral("scrypt setup failed: %1").arg(takeOpenSslError()));
    size_t length = size_t(out.size());
    if (EVP_PKEY_derive(ctx.get(), u8(out), &length) != 1)
        return fail(QStringLiteral("scrypt failed: %1").arg(takeOpenSslError()));
    DerivedKeys keys{out.left(32), sha256(out.mid(32)).left(kCheckSize)};
    OPENSSL_cleanse(out.data(), size_t(out.size()));
    return keys;
}

Result<void> checkCost(const ScryptCost &c)
{
    const bool powerOfTwo = c.n >= 2 && (c.n & (c.n - 1)) == 0;
    if (!powerOfTwo || c.n < (1 << 10) || c.r < 1 || c.r > 32 || c.p < 1 || c.p > 16 ||
        128 * quint64(c.r) * c.n > kMaxScryptMemory)
        return fail(QStringLiteral("unsupported scrypt parameters (N=%1, r=%2, p=%3)")
                        .arg(c.n)
                        .arg(c.r)
                        .arg(c.p));
    return {};
}

std::optional<KeyRole> roleFromString(const QString &text)
{
    for (KeyRole role : {KeyRole::Operator, KeyRole::Node, KeyRole::Customer}) {
        if (toString(role) == text)
            return role;
    }
    return std::nullopt;
}

Result<Sealed> parseSealed(const QByteArray &bytes, const QString &path)
{
    const auto damaged = [&path](const QString &why) {
        return fail(
            QStringLiteral("key file %1 is damaged or not a StreamSync key: %2").arg(path, why));
    };
    const auto decoded = cbor::decode(bytes);
    if (!decoded)
        return damaged(bytes.isEmpty() ? QStringLiteral("it is empty") : decoded.error());
    const QCborMap map = decoded->toMap();
    const QCborMap kdf = map.value(QStringLiteral("kdf")).toMap();
    if (map.value(QStringLiteral("format")).toString() != kFormat ||
        map.value(QStringLiteral("version")).toInteger() != 1)
        return damaged(QStringLiteral("unknown format or version"));
    Sealed s;
    const auto role = roleFromString(map.value(QStringLiteral("role")).toString());
    if (!role)
        return damaged(QStringLiteral("unknown key role"));
    s.header.role = *role;
    s.header.publicKey = map.value(QStringLiteral("public")).toByteArray();
    s.header.cost = {quint64(kdf.value(QStringLiteral("n")).toInteger()),
                     quint32(kdf.value(QStringLiteral("r")).toInteger()),
                     quint32(kdf.value(QStringLiteral("p")).toInteger())};
    s.header.salt = kdf.value(QStringLiteral("salt")).toByteArray();
    s.header.nonce = map.value(QStringLiteral("nonce")).toByteArray();
    s.check = map.value(QStringLiteral("check")).toByteArray();
    s.ciphertext = map.value(QStringLiteral("ciphertext")).toByteArray();
    s.tag = map.value(QStringLiteral("tag")).toByteArray();
    if (kdf.value(QStringLiteral("name")).toString() != QLatin1String("scrypt"))
        return damaged(QStringLiteral("unknown key derivation"));
    if (auto cost = checkCost(s.header.cost); !cost)
        return damaged(cost.error());
    if (s.header.publicKey.size() != 32 || s.header.salt.size() != kSaltSize ||
        s.header.nonce.size() != kNonceSize || s.check.size() != kCheckSize ||
        s.ciphertext.size() != Ed25519SigningKey::kSeedSize || s.tag.size() != kTagSize)
        return damaged(QStringLiteral("a field has the wrong length"));
    return s;
}

Result<Sealed> readSealed(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return fail(QStringLiteral("no key file at %1").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read key file %1: %2").arg(path, file.errorString()));
    if (file.size() > kMaxFileSize)
        return fail(
            QStringLiteral("key file %1 is damaged or not a StreamSync key: too large").arg(path));
    return parseSealed(file.readAll(), path);
}

} // namespace

QString toString(KeyRole role)
{
    switch (role) {
    case KeyRole::Operator:
        return QStringLiteral("operator");
    case KeyRole::Node:
        return QStringLiteral("node");
    case KeyRole::Customer:
        return QStringLiteral("customer");
    }
    return {};
}

Result<void> KeyFile::create(const QString &path, const Ed25519SigningKey &key, KeyRole role,
                             const QString &passphrase, ScryptCost cost)
{
    if (passphrase.isEmpty())
        return fail(QStringLiteral("the passphrase must not be empty"));
    if (auto ok = checkCost(cost); !ok)
        return ok;
    if (QFile::exists(path))
        return fail(
            QStringLiteral("a key file already exists at %1; it was left untouched").arg(path));

    Sealed s;
    s.header =
        Header{role, key.publicKey(), cost, AesGcm::randomBytes(kSaltSize), AesGcm::randomNonce()};
    const auto keys = derive(passphrase, s.header);
    if (!keys)
        return Error{keys.error()};
    QByteArray seed = key.seed();
    const QByteArray aad = cbor::encode(headerMap(s.header)).value();
    const auto sealedSeed = AesGcm::seal(keys->encryption, s.header.nonce, aad, seed);
    OPENSSL_cleanse(seed.data(), size_t(seed.size()));
    if (!sealedSeed)
        return Error{sealedSeed.error()};
    s.tag = sealedSeed->tag;

    QCborMap map = headerMap(s.header);
    map.insert(QStringLiteral("check"), keys->check);
    map.insert(QStringLiteral("ciphertext"), sealedSeed->ciphertext);
    map.insert(QStringLiteral("tag"), s.tag);

    // QSaveFile writes a temporary file and renames it, so a crash never leaves half a key; the
    // permissions are set before any byte is written.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(cbor::encode(map).value()) < 0 || !file.commit())
        return fail(QStringLiteral("cannot write key file %1: %2").arg(path, file.errorString()));
    return {};
}

Result<Ed25519SigningKey> KeyFile::load(const QString &path, KeyRole role,
                                        const QString &passphrase)
{
    auto sealed = readSealed(path);
    if (!sealed)
        return Error{sealed.error()};
    Sealed &s = sealed.value();
    if (s.header.role != role)
        return fail(QStringLiteral("%1 holds a %2 key, not a %3 key")
                        .arg(path, toString(s.header.role), toString(role)));
    const auto keys = derive(passphrase, s.header);
    if (!keys)
        return Error{keys.error()};
    if (CRYPTO_memcmp(keys->check.constData(), s.check.constData(), kCheckSize) != 0)
        return fail(QStringLiteral("wrong passphrase for %1").arg(path));

    const QByteArray aad = cbor::encode(headerMap(s.header)).value();
    auto seed = AesGcm::open(keys->encryption, s.header.nonce, aad, {s.ciphertext, s.tag});
    if (!seed)
        return fail(QStringLiteral("key file %1 is damaged: %2 (the passphrase was right)")
                        .arg(path, seed.error()));
    auto key = Ed25519SigningKey::fromSeed(seed.value());
    OPENSSL_cleanse(seed.value().data(), size_t(seed.value().size()));
    if (!key || key->publicKey() != s.header.publicKey)
        return fail(QStringLiteral("key file %1 is damaged: the key does not match its public half")
                        .arg(path));
    return key;
}

Result<QByteArray> KeyFile::readPublicKey(const QString &path)
{
    const auto sealed = readSealed(path);
    if (!sealed)
        return Error{sealed.error()};
    return sealed->header.publicKey;
}

} // namespace streamsync
