#include "net/FrameCodec.h"

#include "log/CanonicalCbor.h"

#include <QtEndian>

namespace streamsync {

namespace {

const QString kTypeKey = QStringLiteral("type");

} // namespace

FrameCodec::FrameCodec(qint64 maxFrameBytes) : m_maxFrameBytes(maxFrameBytes) {}

Result<QByteArray> FrameCodec::encode(const QCborMap &message) const
{
    if (!message.value(kTypeKey).isString())
        return fail(QStringLiteral("a message needs a text \"type\""));
    auto payload = cbor::encode(message);
    if (!payload)
        return Error{payload.error()};
    if (payload->size() > m_maxFrameBytes)
        return fail(QStringLiteral("a %1 message of %2 bytes exceeds the frame limit of %3 bytes")
                        .arg(message.value(kTypeKey).toString())
                        .arg(payload->size())
                        .arg(m_maxFrameBytes));
    QByteArray frame(kPrefixBytes, Qt::Uninitialized);
    qToBigEndian(quint32(payload->size()), frame.data());
    frame.append(payload.value());
    return frame;
}

void FrameCodec::feed(QByteArrayView bytes)
{
    if (m_failure.status != Status::NeedMore)
        return;
    // Drop what next() has consumed before growing, so the buffer holds only unread bytes.
    if (m_offset > 0) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    m_buffer.append(bytes);
}

qint64 FrameCodec::peekLength() const
{
    return qint64(qFromBigEndian<quint32>(m_buffer.constData() + m_offset));
}

qint64 FrameCodec::bytesWanted() const
{
    if (m_failure.status != Status::NeedMore)
        return 0;
    if (bufferedBytes() < kPrefixBytes)
        return kPrefixBytes - bufferedBytes();
    const qint64 length = peekLength();
    if (length > m_maxFrameBytes)
        return 0;
    return qMax<qint64>(0, kPrefixBytes + length - bufferedBytes());
}

FrameCodec::Decoded FrameCodec::next()
{
    if (m_failure.status != Status::NeedMore)
        return m_failure;
    if (bufferedBytes() < kPrefixBytes)
        return {};
    const qint64 length = peekLength();
    if (length > m_maxFrameBytes)
        return failWith(Status::Oversize,
                        QStringLiteral("frame of %1 bytes announced, the limit is %2 bytes")
                            .arg(length)
                            .arg(m_maxFrameBytes));
    if (bufferedBytes() < kPrefixBytes + length)
        return {};
    const QByteArray payload = m_buffer.mid(m_offset + kPrefixBytes, length);
    m_offset += kPrefixBytes + length;
    return parsePayload(payload);
}

FrameCodec::Decoded FrameCodec::parsePayload(const QByteArray &payload)
{
    if (payload.isEmpty())
        return failWith(Status::Malformed, QStringLiteral("empty frame"));
    auto value = cbor::decode(payload);
    if (!value)
        return failWith(Status::Malformed, value.error());
    if (!value->isMap())
        return failWith(Status::Malformed, QStringLiteral("frame payload is not a CBOR map"));
    QCborMap message = value->toMap();
    if (!message.value(kTypeKey).isString())
        return failWith(Status::Malformed, QStringLiteral("message has no text \"type\""));
    return {Status::Frame, std::move(message), {}};
}

FrameCodec::Decoded FrameCodec::failWith(Status status, QString error)
{
    m_failure = {status, {}, std::move(error)};
    m_buffer.clear();
    m_offset = 0;
    return m_failure;
}

} // namespace streamsync
