#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QString>

namespace streamsync {

// Seals the few secrets the operator's profile database keeps (a remote node's admin token)
// with AES-256-GCM under a key derived from the operator key, so a copy of operator.sqlite alone
// gives nobody the nodes it manages. Each secret is bound to a context (the remote node's id):
// a sealed token moved to another row does not open. Text form: "sealed:v1:" + base64 of
// nonce ‖ ciphertext ‖ tag.
class SecretBox
{
public:
    // `key`: 32 bytes.
    explicit SecretBox(QByteArray key);
    ~SecretBox();
    SecretBox(const SecretBox &) = default;
    SecretBox &operator=(const SecretBox &) = default;

    Result<QString> seal(const QByteArray &secret, const QByteArray &context) const;
    Result<QByteArray> open(const QString &sealed, const QByteArray &context) const;
    // Made by seal() (not a legacy plain-text value).
    static bool isSealed(const QString &text);

private:
    QByteArray m_key;
};

} // namespace streamsync
