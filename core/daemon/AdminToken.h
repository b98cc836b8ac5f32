#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace streamsync {

// The admin API's bearer token (DESIGN §8): a random 256-bit secret, written as 64 hex
// characters into a file only its owner may read (mode 0600). The node reads it to check
// requests, the console reads its copy to make them. A file that group or others could read
// or write is refused outright, as ssh refuses a private key: the token is as good as the
// node's lifecycle controls.
class AdminToken
{
public:
    // `DIR/admin.token`: where `streamsync-node admin-token` and `run --admin` look by default.
    static QString defaultPath(const QString &dataDir);

    // Creates `path` with a fresh token and mode 0600, never overwriting: returns true when it
    // created the file, false when one was already there (which must then pass load()).
    static Result<bool> createIfAbsent(const QString &path);
    // Reads and checks the file: a regular file owned by this user, mode 0600 or stricter,
    // holding a token of at least 32 characters from the bearer-token alphabet.
    static Result<AdminToken> load(const QString &path);

    // Whether `presented` is the token, in time independent of where they differ (both sides
    // are hashed to a fixed length first, then compared with CRYPTO_memcmp).
    bool matches(QByteArrayView presented) const;
    // For a client's Authorization header.
    const QByteArray &secret() const { return m_secret; }

private:
    explicit AdminToken(QByteArray secret);

    QByteArray m_secret;
    QByteArray m_digest;
};

} // namespace streamsync
