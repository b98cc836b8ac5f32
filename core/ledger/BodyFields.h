#pragma once

#include "money/Money.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QString>

namespace streamsync {

// Reads the fields of one event body (docs/market.md "Bodies") with messages that name the kind
// and the field, e.g. "offer: price_query must be an unsigned integer of µcr, got -5", so an
// operator reading a refusal knows which byte of which event was wrong. `where` is the kind, or a
// path inside it such as "race_report: nodes[1a2b3c4d]".
class BodyFields
{
public:
    static constexpr qsizetype kKeySize = 32;
    static constexpr qsizetype kHashSize = 32;
    static constexpr qsizetype kSigSize = 64;

    BodyFields(const QCborMap &map, QString where) : m_map(map), m_where(std::move(where)) {}

    const QString &where() const { return m_where; }
    Error error(const QString &what) const;

    Result<QCborValue> value(const char *field) const;
    Result<quint64> uint(const char *field) const;
    // Unsigned µcr; `positive` also refuses 0.
    Result<Money> amount(const char *field, bool positive = false) const;
    Result<QByteArray> bytes(const char *field, qsizetype size) const;
    Result<QByteArray> key(const char *field) const { return bytes(field, kKeySize); }
    Result<QByteArray> shortBytes(const char *field, qsizetype maxSize) const;
    Result<QString> text(const char *field) const;
    Result<QCborMap> map(const char *field) const;
    Result<QCborArray> array(const char *field, qsizetype maxSize) const;

    // The same checks on values that are not map fields (map keys, array items); `name` is the
    // field's printable path, e.g. "grants key" or "witness.path[3]".
    static Result<quint64> uintValue(const QCborValue &v, const QString &where,
                                     const QString &name);
    static Result<Money> amountValue(const QCborValue &v, const QString &where, const QString &name,
                                     bool positive);
    static Result<QByteArray> bytesValue(const QCborValue &v, const QString &where,
                                         const QString &name, qsizetype size);

    // The first 4 bytes of a key in hex, as messages name accounts.
    static QString shortKey(const QByteArray &key);

private:
    QCborMap m_map;
    QString m_where;
};

// Shorthand for the parsers: assigns a field's value or returns its error.
#define LEDGER_TAKE(target, expression)                                                            \
    do {                                                                                           \
        auto taken_ = (expression);                                                                \
        if (!taken_)                                                                               \
            return ::streamsync::Error{taken_.error()};                                            \
        target = std::move(taken_).value();                                                        \
    } while (false)

} // namespace streamsync
