#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

namespace streamsync {

// SHA-256 through OpenSSL's EVP interface (32 bytes).
QByteArray sha256(QByteArrayView data);

// Incremental SHA-256 for data that arrives in pieces (Merkle leaves, files).
class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void add(QByteArrayView data);
    QByteArray finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace streamsync
