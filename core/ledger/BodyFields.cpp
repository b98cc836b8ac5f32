#include "ledger/BodyFields.h"

namespace streamsync {

namespace {

QString got(const QCborValue &v)
{
    // Diagnostic notation shows -5 as -5 and text as "abc", which is what the sender wrote.
    QString shown = v.toDiagnosticNotation();
    if (shown.size() > 40)
        shown = shown.left(37) + QStringLiteral("...");
    return shown;
}

Error fieldError(const QString &where, const QString &name, const QString &what)
{
    return fail(QStringLiteral("%1: %2 %3").arg(where, name, what));
}

} // namespace

Error BodyFields::error(const QString &what) const
{
    return fail(QStringLiteral("%1: %2").arg(m_where, what));
}

QString BodyFields::shortKey(const QByteArray &key)
{
    return QString::fromLatin1(key.left(4).toHex());
}

Result<QCborValue> BodyFields::value(const char *field) const
{
    const QString name = QString::fromLatin1(field);
    if (!m_map.contains(name))
        return fieldError(m_where, name, QStringLiteral("is missing"));
    return m_map.value(name);
}

Result<quint64> BodyFields::uintValue(const QCborValue &v, const QString &where,
                                      const QString &name)
{
    if (!v.isInteger() || v.toInteger() < 0)
        return fieldError(where, name,
                          QStringLiteral("must be an unsigned integer, got %1").arg(got(v)));
    return quint64(v.toInteger());
}

Result<Money> BodyFields::amountValue(const QCborValue &v, const QString &where,
                                      const QString &name, bool positive)
{
    if (!v.isInteger() || v.toInteger() < 0)
        return fieldError(where, name,
                          QStringLiteral("must be an unsigned integer of µcr, got %1").arg(got(v)));
    if (positive && v.toInteger() == 0)
        return fieldError(where, name, QStringLiteral("must be above 0 µcr"));
    return Money::fromMicro(v.toInteger());
}

Result<QByteArray> BodyFields::bytesValue(const QCborValue &v, const QString &where,
                                          const QString &name, qsizetype size)
{
    if (!v.isByteArray())
        return fieldError(where, name,
                          QStringLiteral("must be a %1-byte string, got %2").arg(size).arg(got(v)));
    const QByteArray bytes = v.toByteArray();
    if (bytes.size() != size)
        return fieldError(
            where, name,
            QStringLiteral("must be a %1-byte string, got %2 bytes").arg(size).arg(bytes.size()));
    return bytes;
}

Result<quint64> BodyFields::uint(const char *field) const
{
    const auto v = value(field);
    if (!v)
        return Error{v.error()};
    return uintValue(*v, m_where, QString::fromLatin1(field));
}

Result<Money> BodyFields::amount(const char *field, bool positive) const
{
    const auto v = value(field);
    if (!v)
        return Error{v.error()};
    return amountValue(*v, m_where, QString::fromLatin1(field), positive);
}

Result<QByteArray> BodyFields::bytes(const char *field, qsizetype size) const
{
    const auto v = value(field);
    if (!v)
        return Error{v.error()};
    return bytesValue(*v, m_where, QString::fromLatin1(field), size);
}

Result<QByteArray> BodyFields::shortBytes(const char *field, qsizetype maxSize) const
{
    const auto v = value(field);
    if (!v)
        return Error{v.error()};
    const QString name = QString::fromLatin1(field);
    if (!v->isByteArray())
        return fieldError(m_where, name,
                          QStringLiteral("must be a byte string, got %1").arg(got(*v)));
    if (v->toByteArray().size() > maxSize)
        return fieldError(
            m_where, name,
            QStringLiteral("has %1 bytes, at most %2").arg(v->toByteArray().size()).arg(maxSize));
    return v->toByteArray();
}

Result<QString> BodyFields::text(const char *field) const
{
    const auto v = value(field);
    if (!v)
        return Error{v.error()};
    if (!v->isString())
        return fieldError(m_where, QString::fromLatin1(field),
                          QStringLiteral("must be a text string, got %1").arg(got(*v)));
    return v->toString();
}

Result<QCborMap> BodyFields::map(const char *field) const
{
    const auto v = value(field);
    if (!v)
        return Error{v.error()};
    if (!v->isMap())
        return fieldError(m_where, QString::fromLatin1(field),
                          QStringLiteral("must be a map, got %1").arg(got(*v)));
    return v->toMap();
}

Result<QCborArray> BodyFields::array(const char *field, qsizetype maxSize) const
{
    const auto v = value(field);
    if (!v)
        return Error{v.error()};
    const QString name = QString::fromLatin1(field);
    if (!v->isArray())
        return fieldError(m_where, name, QStringLiteral("must be an array, got %1").arg(got(*v)));
    if (v->toArray().size() > maxSize)
        return fieldError(
            m_where, name,
            QStringLiteral("has %1 entries, at most %2").arg(v->toArray().size()).arg(maxSize));
    return v->toArray();
}

} // namespace streamsync
