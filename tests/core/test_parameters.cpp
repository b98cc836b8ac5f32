#include "params/Parameters.h"

#include <QJsonDocument>
#include <QTest>

using namespace streamsync;

class TestParameters : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsFollowTheDesign()
    {
        const Parameters p = Parameters::defaults();
        QVERIFY(p.validate().ok());
        QCOMPARE(p.selectionK, 5);
        QCOMPARE(p.feePoolShareBps, 5000);
        QCOMPARE(p.slaDeadlineMs, 2000);
        QCOMPARE(p.slashShareBps, 1000);
        QCOMPARE(p.accuracyForgettingPermille, 950);
        QCOMPARE(p.replication, 3);
        QCOMPARE(p.maxChunkBytes, 1 << 20);
    }

    void jsonOverridesOnlyWhatItNames()
    {
        const auto p = Parameters::fromJson(
            R"({"epoch_length_ms": 30000, "min_stake_ucr": "5 cr", "stake_cap_ucr": 50000000})");
        QVERIFY2(p.ok(), qPrintable(p.error()));
        QCOMPARE(p->epochLengthMs, 30000);
        QCOMPARE(p->minStake.micro(), 5'000'000);
        QCOMPARE(p->stakeCap.micro(), 50'000'000);
        QCOMPARE(p->selectionK, 5);
    }

    void everyBadFieldIsNamed()
    {
        const auto p = Parameters::fromJson(R"({"selection_k": 0, "sla_deadline_ms": 1.5,
            "max_price_per_query_ucr": "NaN", "colour": "blue", "slash_share_bps": -1})");
        QVERIFY(!p.ok());
        // Type errors are reported first; range errors need well-typed values.
        for (const char *name : {"sla_deadline_ms", "max_price_per_query_ucr", "colour"})
            QVERIFY2(p.error().contains(QLatin1String(name)), qPrintable(p.error()));

        const auto ranges = Parameters::fromJson(R"({"selection_k": 0, "slash_share_bps": -1,
            "min_stake_ucr": -5})");
        QVERIFY(!ranges.ok());
        for (const char *name : {"selection_k", "slash_share_bps", "min_stake_ucr"})
            QVERIFY2(ranges.error().contains(QLatin1String(name)), qPrintable(ranges.error()));
    }

    void weightsMustAddUp()
    {
        const auto p = Parameters::fromJson(R"({"weight_stake_permille": 200})");
        QVERIFY(!p.ok());
        QVERIFY(p.error().contains(QStringLiteral("add up to 1000")));
    }

    void malformedJsonIsRefused()
    {
        QVERIFY(Parameters::fromJson("{").error().contains(QStringLiteral("not valid JSON")));
        QVERIFY(Parameters::fromJson("[1]").error().contains(QStringLiteral("object")));
    }

    void hashIsStableAndSensitive()
    {
        const Parameters a;
        Parameters b;
        QCOMPARE(a.hash(), b.hash());
        QCOMPARE(a.hash().size(), 32);
        b.epochLengthMs += 1;
        QVERIFY(a.hash() != b.hash());
        // Round trip through JSON keeps the rules, and with them the hash.
        const auto back = Parameters::fromJson(QJsonDocument(a.toJson()).toJson());
        QVERIFY(back.ok());
        QCOMPARE(back->hash(), a.hash());
    }
};

QTEST_GUILESS_MAIN(TestParameters)
#include "test_parameters.moc"
