#include "customer/CustomerKey.h"

#include "crypto/KeyFile.h"

#include <QDir>
#include <QFile>

namespace streamsync {

QString CustomerKey::keyPath(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("customer.key"));
}

Result<QByteArray> CustomerKey::init(const QString &dir, const QString &passphrase, ScryptCost cost)
{
    const QString path = keyPath(dir);
    if (QFile::exists(path))
        return fail(QStringLiteral("%1 already holds a customer key").arg(dir));
    if (!QDir().mkpath(dir))
        return fail(QStringLiteral("cannot create folder %1").arg(dir));
    auto key = Ed25519SigningKey::generate();
    if (!key)
        return Error{key.error()};
    if (auto written = KeyFile::create(path, key.value(), KeyRole::Customer, passphrase, cost);
        !written)
        return Error{written.error()};
    return key->publicKey();
}

Result<Ed25519SigningKey> CustomerKey::load(const QString &dir, const QString &passphrase)
{
    if (!QFile::exists(keyPath(dir)))
        return fail(QStringLiteral("%1 holds no customer key; run `streamsync-node customer init "
                                   "--data %1` first")
                        .arg(dir));
    return KeyFile::load(keyPath(dir), KeyRole::Customer, passphrase);
}

} // namespace streamsync
