#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <chrono>

namespace streamsync {

// Limits and timeouts of one peer connection. Defaults suit a real network; tests inject small
// values. The parameters hash and protocol version are what two nodes compare in their hello.
struct TransportConfig
{
    static constexpr qint64 kProtocolVersion = 1;

    qint64 protocolVersion = kProtocolVersion;
    QByteArray paramsHash;

    // A frame's CBOR payload, not counting the 4-byte prefix: a 1 MiB chunk plus its proof fits.
    qint64 maxFrameBytes = 2 * 1024 * 1024;
    // send() refuses while more than this is queued for the socket; drained() fires at or below
    // the low-water mark. A single frame is accepted whenever nothing is queued, so the bound on
    // queued bytes is max(writeHighWater, maxFrameBytes + 4).
    qint64 writeHighWater = 4 * 1024 * 1024;
    qint64 writeLowWater = 1024 * 1024;
    // Decoded frames the application has not taken yet; reading stops when this many wait.
    int maxQueuedFrames = 8;
    // Qt's own buffer of received bytes; bounded so an unread socket pushes back on TCP.
    qint64 socketReadBufferBytes = 256 * 1024;

    // From connect/accept until TLS and hello are both done.
    std::chrono::milliseconds handshakeTimeout{10'000};
    // How long a frame may stay half-received.
    std::chrono::milliseconds frameTimeout{30'000};
    // How long a connection may stay without any traffic either way.
    std::chrono::milliseconds idleTimeout{300'000};
    // How long a closing connection may take to flush its last frames before it is cut.
    std::chrono::milliseconds closeGrace{2'000};
};

} // namespace streamsync
