#pragma once

#include <QtGlobal>

#include <chrono>

namespace streamsync {

// Bounds of one small HTTP/1.1 server (metrics, admin API). Every request is bounded in size and
// time before any handler runs, so a slow or oversized client costs a fixed amount and only its
// own connection.
struct HttpLimits
{
    // Request line and headers, up to and including the empty line.
    qsizetype maxHeadBytes = 8 * 1024;
    int maxHeaders = 64;
    // Content-Length above this is answered 413 without reading the body.
    qsizetype maxBodyBytes = 0;
    // From accept (TLS handshake included) until the whole request has arrived.
    std::chrono::milliseconds requestTimeout{10'000};
    // How long a client may take to read the response before the connection is cut.
    std::chrono::milliseconds writeTimeout{10'000};
    // Accepted sockets beyond this many are closed at once.
    int maxConnections = 16;
};

} // namespace streamsync
