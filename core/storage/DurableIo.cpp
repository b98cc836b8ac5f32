#include "storage/DurableIo.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace streamsync {

namespace {

// Owns a file descriptor; closes it once (close errors after fsync carry no news for us).
class UniqueFd
{
public:
    explicit UniqueFd(int fd) : m_fd(fd) {}
    ~UniqueFd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    UniqueFd(const UniqueFd &) = delete;
    UniqueFd &operator=(const UniqueFd &) = delete;
    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }

private:
    int m_fd;
};

QString systemError(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

Error ioFailure(const QString &what, const QString &path, int err)
{
    const bool full = err == ENOSPC || err == EDQUOT;
    return fail(
        QStringLiteral("%1%2 %3 (%4)")
            .arg(full ? QStringLiteral("disk full: ") : QString(), what, path, systemError(err)));
}

// Returns 0 or the errno of the failed write.
int writeAll(int fd, QByteArrayView bytes)
{
    const char *data = bytes.data();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, size_t(left));
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0)
            return errno;
        data += written;
        left -= written;
    }
    return 0;
}

// O_DIRECT when the bytes allow it (page-aligned address and length) and the filesystem takes
// it (tmpfs does not): the disk then reads them from our buffer instead of the kernel copying
// them into the page cache first - the largest CPU cost of writing a chunk.
bool setDirectIo(int fd, QByteArrayView bytes, bool on)
{
#ifdef O_DIRECT
    constexpr quintptr kAlign = 4096;
    if (on &&
        (bytes.isEmpty() || quintptr(bytes.data()) % kAlign != 0 || bytes.size() % kAlign != 0))
        return false;
    const int flags = ::fcntl(fd, F_GETFL);
    return flags >= 0 && ::fcntl(fd, F_SETFL, on ? flags | O_DIRECT : flags & ~O_DIRECT) == 0;
#else
    Q_UNUSED(fd);
    Q_UNUSED(bytes);
    Q_UNUSED(on);
    return false;
#endif
}

int writeFrom(int fd, QByteArrayView bytes)
{
    const bool direct = setDirectIo(fd, bytes, true);
    int err = writeAll(fd, bytes);
    // Some filesystems take the flag but refuse the write itself: write it the usual way.
    if (err == EINVAL && direct && setDirectIo(fd, bytes, false) && ::ftruncate(fd, 0) == 0 &&
        ::lseek(fd, 0, SEEK_SET) == 0)
        err = writeAll(fd, bytes);
    return err;
}

} // namespace

Result<void> writeNewFile(const QString &path, QByteArrayView bytes)
{
    const QByteArray name = QFile::encodeName(path);
    UniqueFd fd(::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!fd.valid())
        return ioFailure(QStringLiteral("cannot create"), path, errno);
    Result<void> written;
    if (const int err = writeFrom(fd.get(), bytes); err != 0)
        written = ioFailure(QStringLiteral("cannot write"), path, err);
    else if (::fsync(fd.get()) != 0)
        written = ioFailure(QStringLiteral("cannot sync"), path, errno);
    if (!written)
        ::unlink(name.constData());
    return written;
}

Result<void> syncDirectory(const QString &dir)
{
    UniqueFd fd(::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid())
        return ioFailure(QStringLiteral("cannot open folder"), dir, errno);
    if (::fsync(fd.get()) != 0)
        return ioFailure(QStringLiteral("cannot sync folder"), dir, errno);
    return {};
}

Result<void> renameFile(const QString &from, const QString &to)
{
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
        return ioFailure(QStringLiteral("cannot rename %1 to").arg(from), to, errno);
    return {};
}

Result<void> writeFileDurably(const QString &tmpPath, const QString &finalPath,
                              QByteArrayView bytes)
{
    if (auto written = writeNewFile(tmpPath, bytes); !written)
        return written;
    if (auto renamed = renameFile(tmpPath, finalPath); !renamed) {
        QFile::remove(tmpPath);
        return renamed;
    }
    return syncDirectory(QFileInfo(finalPath).path());
}

Result<QByteArray> readWholeFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return fail(QStringLiteral("cannot open %1 (%2)").arg(path, file.errorString()));
    // One read into a buffer of the file's size: no growth, no second copy.
    QByteArray bytes(file.size(), Qt::Uninitialized);
    const qint64 read = file.read(bytes.data(), bytes.size());
    if (read != bytes.size())
        return fail(QStringLiteral("cannot read %1 (%2)").arg(path, file.errorString()));
    return bytes;
}

int removeFilesIn(const QString &dir)
{
    int removed = 0;
    const QDir folder(dir);
    for (const QString &name : folder.entryList(QDir::Files | QDir::Hidden | QDir::System)) {
        if (QFile::remove(folder.filePath(name)))
            ++removed;
    }
    return removed;
}

} // namespace streamsync
