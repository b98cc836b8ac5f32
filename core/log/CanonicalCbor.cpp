#include "log/CanonicalCbor.h"

#include <QCborArray>
#include <QCborMap>

#include <algorithm>
#include <utility>
#include <vector>

namespace streamsync::cbor {

namespace {

enum Major : quint8 {
    Unsigned = 0,
    Negative = 1,
    Bytes = 2,
    Text = 3,
    Array = 4,
    Map = 5,
    Simple = 7
};

// The initial byte and the shortest argument that holds `value` (RFC 8949 §3 and §4.2.1).
void appendHead(QByteArray &out, Major major, quint64 value)
{
    const auto initial = [major](quint8 info) { return char((major << 5) | info); };
    if (value < 24) {
        out += initial(quint8(value));
        return;
    }
    int width = value <= 0xff ? 1 : value <= 0xffff ? 2 : value <= 0xffffffffULL ? 4 : 8;
    out += initial(width == 1 ? 24 : width == 2 ? 25 : width == 4 ? 26 : 27);
    for (int shift = (width - 1) * 8; shift >= 0; shift -= 8)
        out += char((value >> shift) & 0xff);
}

Result<void> encodeInto(QByteArray &out, const QCborValue &value);

Result<void> encodeMap(QByteArray &out, const QCborMap &map)
{
    std::vector<std::pair<QByteArray, QByteArray>> entries;
    entries.reserve(size_t(map.size()));
    for (auto it = map.begin(); it != map.end(); ++it) {
        QByteArray key, item;
        if (auto r = encodeInto(key, it.key()); !r)
            return r;
        if (auto r = encodeInto(item, it.value()); !r)
            return r;
        entries.emplace_back(std::move(key), std::move(item));
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    for (size_t i = 1; i < entries.size(); ++i) {
        if (entries[i].first == entries[i - 1].first)
            return fail(QStringLiteral("CBOR map has a duplicate key"));
    }
    appendHead(out, Map, quint64(entries.size()));
    for (const auto &[key, item] : entries)
        out += key + item;
    return {};
}

Result<void> encodeInto(QByteArray &out, const QCborValue &value)
{
    switch (value.type()) {
    case QCborValue::Integer: {
        const qint64 n = value.toInteger();
        if (n >= 0)
            appendHead(out, Unsigned, quint64(n));
        else
            appendHead(out, Negative, quint64(-(n + 1)));
        return {};
    }
    case QCborValue::ByteArray: {
        const QByteArray bytes = value.toByteArray();
        appendHead(out, Bytes, quint64(bytes.size()));
        out += bytes;
        return {};
    }
    case QCborValue::String: {
        const QByteArray utf8 = value.toString().toUtf8();
        appendHead(out, Text, quint64(utf8.size()));
        out += utf8;
        return {};
    }
    case QCborValue::Array: {
        const QCborArray array = value.toArray();
        appendHead(out, Array, quint64(array.size()));
        for (const QCborValue &item : array) {
            if (auto r = encodeInto(out, item); !r)
                return r;
        }
        return {};
    }
    case QCborValue::Map:
        return encodeMap(out, value.toMap());
    case QCborValue::False:
        appendHead(out, Simple, 20);
        return {};
    case QCborValue::True:
        appendHead(out, Simple, 21);
        return {};
    case QCborValue::Null:
        appendHead(out, Simple, 22);
        return {};
    case QCborValue::Double:
        return fail(QStringLiteral("floating point is not allowed in signed data"));
    default:
        return fail(
            QStringLiteral("CBOR type %1 is not allowed in canonical data").arg(int(value.type())));
    }
}

} // namespace

Result<QByteArray> encode(const QCborValue &value)
{
    QByteArray out;
    if (auto r = encodeInto(out, value); !r)
        return Error{r.error()};
    return out;
}

Result<QCborValue> decode(const QByteArray &bytes)
{
    QCborParserError error;
    const QCborValue value = QCborValue::fromCbor(bytes, &error);
    if (error.error != QCborError::NoError)
        return fail(QStringLiteral("malformed CBOR at byte %1: %2")
                        .arg(error.offset)
                        .arg(error.errorString()));
    const auto canonical = encode(value);
    if (!canonical)
        return Error{canonical.error()};
    if (canonical.value() != bytes)
        return fail(QStringLiteral("CBOR is not in canonical form (RFC 8949 §4.2.1)"));
    return value;
}

} // namespace streamsync::cbor
