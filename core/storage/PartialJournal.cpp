#include "storage/PartialJournal.h"

#include "storage/DurableIo.h"

#include <QDir>
#include <QRandomGenerator>

namespace streamsync {

namespace {

const QByteArray kMagic = QByteArrayLiteral("streamsync-partial 1");

} // namespace

PartialJournal::PartialJournal(QString path) : m_path(std::move(path)), m_file(m_path) {}

Result<std::unique_ptr<PartialJournal>> PartialJournal::create(const StoreLayout &layout,
                                                               const QByteArray &objectId)
{
    const QString path = QStringLiteral("%1/%2").arg(
        layout.partialDir(), QString::number(QRandomGenerator::system()->generate64(), 16));
    const QByteArray header =
        kMagic + "\nid " + (objectId.isEmpty() ? QByteArray("-") : objectId.toHex()) + '\n';
    // Through tmp/ like every other file, so no journal ever has a torn header.
    if (auto written = writeFileDurably(layout.newTmpPath(), path, header); !written)
        return Error{written.error()};
    std::unique_ptr<PartialJournal> journal(new PartialJournal(path));
    if (!journal->m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return fail(QStringLiteral("cannot open %1 (%2)").arg(path, journal->m_file.errorString()));
    return journal;
}

Result<void> PartialJournal::append(const QByteArray &chunkHash)
{
    const QByteArray line = "chunk " + chunkHash.toHex() + '\n';
    QMutexLocker lock(&m_mutex);
    // One write(2) per line: a kill leaves at worst a torn last line, which readers skip.
    if (m_file.write(line) != line.size())
        return fail(QStringLiteral("cannot write %1 (%2)").arg(m_path, m_file.errorString()));
    return {};
}

void PartialJournal::remove()
{
    QMutexLocker lock(&m_mutex);
    m_file.close();
    QFile::remove(m_path);
}

std::optional<PartialJournal::Entry> PartialJournal::read(const QString &path)
{
    const auto bytes = readWholeFile(path);
    if (!bytes)
        return std::nullopt;
    const QList<QByteArray> lines = bytes->split('\n');
    if (lines.size() < 2 || lines[0] != kMagic || !lines[1].startsWith("id "))
        return std::nullopt;
    Entry entry{path, {}, {}};
    const QByteArray id = lines[1].mid(3);
    if (id != "-")
        entry.objectId = QByteArray::fromHex(id);
    for (qsizetype i = 2; i < lines.size(); ++i) {
        if (lines[i].startsWith("chunk ") && lines[i].size() == 6 + 64)
            entry.chunks.append(QByteArray::fromHex(lines[i].mid(6)));
    }
    return entry;
}

QList<PartialJournal::Entry> PartialJournal::readAll(const QString &dir)
{
    QList<Entry> entries;
    const QDir folder(dir);
    for (const QString &name : folder.entryList(QDir::Files)) {
        if (auto entry = read(folder.filePath(name)))
            entries.append(*entry);
    }
    return entries;
}

} // namespace streamsync
