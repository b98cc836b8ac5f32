#include "daemon/AdminToken.h"

#include "crypto/Sha256.h"

#include <QDir>
#include <QFile>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace streamsync {

namespace {

constexpr int kTokenBytes = 32; // 256 bits
constexpr qsizetype kMinTokenChars = 32;
constexpr qsizetype kMaxFileBytes = 4096;

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

// RFC 6750's b64token alphabet: what may follow "Bearer " in a header.
bool isTokenText(const QByteArray &token)
{
    return token.size() >= kMinTokenChars && std::all_of(token.begin(), token.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      QByteArrayView("-._~+/=").contains(c);
           });
}

// A file descriptor closed when it goes out of scope.
class Fd
{
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

Result<void> checkOwnership(const QString &path, const struct stat &info)
{
    if (!S_ISREG(info.st_mode))
        return fail(QStringLiteral("admin token file %1 is not a regular file").arg(path));
    if (info.st_uid != ::geteuid())
        return fail(QStringLiteral("admin token file %1 belongs to uid %2, not to this user (uid "
                                   "%3); the token must be private to the node's user")
                        .arg(path)
                        .arg(info.st_uid)
                        .arg(::geteuid()));
    if ((info.st_mode & 077) != 0)
        return fail(QStringLiteral("admin token file %1 is accessible by group or others (mode "
                                   "%2); run `chmod 600 %1`, or create a new token")
                        .arg(path)
                        .arg(info.st_mode & 0777, 4, 8, QLatin1Char('0')));
    return {};
}

Result<QByteArray> readToken(const QString &path)
{
    const Fd fd(::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0)
        return fail(
            errno == ENOENT
                ? QStringLiteral("admin token file %1 does not exist; create "
                                 "it with `streamsync-node admin-token`")
                      .arg(path)
                : QStringLiteral("cannot read admin token file %1: %2").arg(path, systemError()));
    struct stat info = {};
    if (::fstat(fd.get(), &info) != 0)
        return fail(
            QStringLiteral("cannot check admin token file %1: %2").arg(path, systemError()));
    if (auto owned = checkOwnership(path, info); !owned)
        return Error{owned.error()};
    QByteArray bytes(kMaxFileBytes, Qt::Uninitialized);
    const ssize_t n = ::read(fd.get(), bytes.data(), size_t(bytes.size()));
    if (n < 0)
        return fail(QStringLiteral("cannot read admin token file %1: %2").arg(path, systemError()));
    bytes.truncate(n);
    return bytes.trimmed();
}

Result<void> writeNewToken(const QString &path, int fd)
{
    QByteArray raw(kTokenBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(raw.data()), kTokenBytes) != 1)
        return fail(QStringLiteral("no random bytes for the admin token"));
    const QByteArray text = raw.toHex() + '\n';
    // The mode given to open() is reduced by the umask; this sets exactly 0600.
    if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0 ||
        ::write(fd, text.constData(), size_t(text.size())) != text.size() || ::fsync(fd) != 0)
        return fail(
            QStringLiteral("cannot write admin token file %1: %2").arg(path, systemError()));
    return {};
}

} // namespace

AdminToken::AdminToken(QByteArray secret) : m_secret(std::move(secret)), m_digest(sha256(m_secret))
{}

QString AdminToken::defaultPath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("admin.token"));
}

Result<bool> AdminToken::createIfAbsent(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    // O_EXCL: never replaces a token a console already holds, and never follows a planted link.
    const Fd fd(::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0 && errno == EEXIST) {
        auto existing = load(path);
        return existing ? Result<bool>(false) : Result<bool>(Error{existing.error()});
    }
    if (fd.get() < 0)
        return fail(
            QStringLiteral("cannot create admin token file %1: %2").arg(path, systemError()));
    if (auto written = writeNewToken(path, fd.get()); !written) {
        ::unlink(native.constData());
        return Error{written.error()};
    }
    return true;
}

Result<AdminToken> AdminToken::load(const QString &path)
{
    auto token = readToken(path);
    if (!token)
        return Error{token.error()};
    if (!isTokenText(token.value()))
        return fail(QStringLiteral("admin token file %1 does not hold a token (at least %2 "
                                   "characters of A-Z a-z 0-9 - . _ ~ + / =)")
                        .arg(path)
                        .arg(kMinTokenChars));
    return AdminToken(std::move(token).value());
}

bool AdminToken::matches(QByteArrayView presented) const
{
    const QByteArray digest = sha256(presented);
    return CRYPTO_memcmp(digest.constData(), m_digest.constData(), size_t(m_digest.size())) == 0;
}

} // namespace streamsync
