#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCborMap>
#include <QString>

namespace streamsync {

// Wire frames between peers: a 4-byte big-endian payload length, then a canonical-CBOR map
// (RFC 8949 §4.2.1) with a text "type". Decoding is incremental: feed() any split of the byte
// stream, then next() until it needs more. A length above the maximum is refused from the prefix
// alone, before any of the body is buffered. After a refusal the decoder stays failed: the stream
// has lost its framing, so the connection must close.
class FrameCodec
{
public:
    static constexpr qsizetype kPrefixBytes = 4;
    static constexpr qint64 kDefaultMaxFrameBytes = 2 * 1024 * 1024;

    enum class Status { NeedMore, Frame, Malformed, Oversize };
    struct Decoded
    {
        Status status = Status::NeedMore;
        QCborMap message; // set when status == Frame
        QString error;    // set when status is Malformed or Oversize
    };

    explicit FrameCodec(qint64 maxFrameBytes = kDefaultMaxFrameBytes);

    Result<QByteArray> encode(const QCborMap &message) const;

    void feed(QByteArrayView bytes);
    Decoded next();
    // How many more bytes finish the prefix or the frame under way, so a reader can take no more
    // from its socket than one frame needs; 0 once the decoder has failed.
    qint64 bytesWanted() const;
    // True while part of a frame has arrived but not all of it.
    bool hasPartialFrame() const { return m_buffer.size() > m_offset; }
    qint64 maxFrameBytes() const { return m_maxFrameBytes; }

private:
    qint64 bufferedBytes() const { return m_buffer.size() - m_offset; }
    qint64 peekLength() const;
    Decoded failWith(Status status, QString error);
    Decoded parsePayload(const QByteArray &payload);

    qint64 m_maxFrameBytes;
    QByteArray m_buffer;
    qsizetype m_offset = 0; // bytes of m_buffer already consumed
    Decoded m_failure;      // sticky once the stream is broken
};

} // namespace streamsync
