#include "crypto/Ed25519.h"
#include "daemon/ReceiptBook.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace streamsync;

namespace {

struct Signed
{
    Receipt receipt;
    QByteArray sig;
};

Signed receipt(const Ed25519SigningKey &customer, const QByteArray &node, qint64 epoch,
               qint64 queries, qint64 amount)
{
    Receipt r{node, customer.publicKey(), epoch, queries, Money::fromMicro(amount)};
    return {r, r.sign(customer).value()};
}

} // namespace

// The receipts a node keeps until it posts them as vouchers (docs/market.md "Receipts").
class TestReceiptBook : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<Ed25519SigningKey> m_node;
    std::optional<Ed25519SigningKey> m_customer;

    QString path() const { return m_dir.filePath(QStringLiteral("receipts.cbor")); }

private Q_SLOTS:
    void initTestCase()
    {
        m_node.emplace(Ed25519SigningKey::generate().value());
        m_customer.emplace(Ed25519SigningKey::generate().value());
    }

    void init() { QFile::remove(path()); }

    void keepsTheNewestAndRefusesStaleOrForged()
    {
        ReceiptBook book(m_node->publicKey(), path());
        const auto first = receipt(*m_customer, m_node->publicKey(), 5, 2, 2000);
        QVERIFY(book.keep(first.receipt, first.sig, 5).ok());
        const auto newer = receipt(*m_customer, m_node->publicKey(), 5, 3, 3000);
        QCOMPARE(book.keep(newer.receipt, newer.sig, 5)->queries, 3);
        // The same receipt again is acknowledged; an older one is refused.
        QVERIFY(book.keep(newer.receipt, newer.sig, 5).ok());
        QVERIFY(book.keep(first.receipt, first.sig, 5).error().contains(QStringLiteral("stale")));
        QCOMPARE(book.size(), 1);
        // A signature over other numbers, a receipt for another node, an epoch long settled.
        Receipt forged = newer.receipt;
        forged.queries = 30;
        QVERIFY(book.keep(forged, newer.sig, 5).error().contains(QStringLiteral("signature")));
        const auto elsewhere = receipt(*m_customer, m_customer->publicKey(), 5, 9, 9000);
        QVERIFY(!book.keep(elsewhere.receipt, elsewhere.sig, 5));
        const auto old = receipt(*m_customer, m_node->publicKey(), 2, 1, 1000);
        QVERIFY(book.keep(old.receipt, old.sig, 5).error().contains(QStringLiteral("epoch 2")));
        const auto future = receipt(*m_customer, m_node->publicKey(), 6, 1, 1000);
        QVERIFY(!book.keep(future.receipt, future.sig, 5));
    }

    void dueOnceTheEpochEndedAndAgainWhenItGrew()
    {
        ReceiptBook book(m_node->publicKey(), path());
        const auto r = receipt(*m_customer, m_node->publicKey(), 5, 2, 2000);
        QVERIFY(book.keep(r.receipt, r.sig, 5).ok());
        QVERIFY(book.due(5).isEmpty()); // epoch 5 still runs
        QCOMPARE(book.due(6).size(), 1);
        book.markVouched(r.receipt);
        QVERIFY(book.due(6).isEmpty());
        // A late receipt of the ended epoch: a second voucher for the difference.
        const auto late = receipt(*m_customer, m_node->publicKey(), 5, 4, 4000);
        QVERIFY(book.keep(late.receipt, late.sig, 6).ok());
        QCOMPARE(book.due(6).size(), 1);
        QCOMPARE(book.due(6).first().receipt.queries, 4);
        book.markVouched(late.receipt);
        book.prune(5);
        QCOMPARE(book.size(), 0);
    }

    void survivesARestart()
    {
        {
            ReceiptBook book(m_node->publicKey(), path());
            const auto r = receipt(*m_customer, m_node->publicKey(), 7, 3, 3000);
            QVERIFY(book.keep(r.receipt, r.sig, 7).ok());
            QVERIFY(book.isDirty());
            QVERIFY(book.save().ok());
            QVERIFY(!book.isDirty());
        }
        ReceiptBook again(m_node->publicKey(), path());
        QVERIFY(again.load().ok());
        QCOMPARE(again.size(), 1);
        const auto due = again.due(8);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.first().receipt.amount, Money::fromMicro(3000));
        QVERIFY(due.first().receipt.verify(due.first().sig));
    }

    void damagedFileIsNamed()
    {
        QFile file(path());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not cbor at all");
        file.close();
        ReceiptBook book(m_node->publicKey(), path());
        const auto loaded = book.load();
        QVERIFY(!loaded.ok());
        QVERIFY(loaded.error().contains(path()));
    }
};

QTEST_GUILESS_MAIN(TestReceiptBook)
#include "test_receipt_book.moc"
