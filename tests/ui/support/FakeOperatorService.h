#pragma once

// A stand-in OperatorService for the console's widget tests: every call answers with a result
// the test chose (by default an error, as the facade's stubs do), records what it was asked,
// and can hold its answer back until the test releases it, to see a view busy or coalescing.
// The GUI tests over real data run against the real service (test_main_window).

#include "interfaces/OperatorService.h"

#include <QFuture>
#include <QList>
#include <QPromise>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace streamsync::test {

using namespace streamsync::interfaces;

// The answer to one kind of call: a result, given now or on release().
template <typename T> class Answer
{
public:
    Result<T> result = Error{QStringLiteral("not implemented in this test")};
    bool deferred = false;
    int calls = 0;

    QFuture<Result<T>> operator()()
    {
        ++calls;
        auto promise = std::make_shared<QPromise<Result<T>>>();
        QFuture<Result<T>> future = promise->future();
        promise->start();
        if (deferred) {
            m_held.append(promise);
            return future;
        }
        promise->addResult(result);
        promise->finish();
        return future;
    }

    int held() const { return int(m_held.size()); }
    // Answers every held call with the current result.
    void release()
    {
        const auto held = std::move(m_held);
        m_held.clear();
        for (const auto &promise : held) {
            promise->addResult(result);
            promise->finish();
        }
    }

private:
    QList<std::shared_ptr<QPromise<Result<T>>>> m_held;
};

class FakeOperatorService final : public OperatorService
{
public:
    Answer<ProfileStatus> openAnswer;
    Answer<ProfileStatus> unlockAnswer;
    Answer<QList<NodeSummary>> nodesAnswer;
    Answer<NodeSummary> addNodeAnswer;
    Answer<NodeSummary> changeStateAnswer;
    Answer<QList<Transition>> historyAnswer;
    Answer<DiskSpace> diskSpaceAnswer;
    Answer<EarningsSeries> earningsAnswer;
    Answer<ReputationSeries> reputationAnswer;
    Answer<StakeView> stakeAnswer;
    Answer<MarketView> marketAnswer;
    Answer<PriceCurvePtr> priceCurveAnswer;
    Answer<OfferPoint> publishAnswer;
    Answer<StakeView> bondAnswer;
    Answer<StakeView> unbondAnswer;
    Answer<EconomicsView> economicsAnswer;
    Answer<QList<LogEntry>> logAnswer;
    Answer<QString> verifyAnswer;
    Answer<QString> exportLogAnswer;
    Answer<QString> exportCsvAnswer;
    Answer<NodeSummary> addRemoteAnswer;

    // What the views asked for, newest last.
    QList<qint64> publishedPrices;
    QList<qint64> bondAmounts;
    QList<qint64> unbondAmounts;
    QStringList exportPaths;
    QStringList remoteNodes; // "name address token"
    QStringList webhookUrls;
    QStringList logFilters;
    QList<TimeRange> earningsRanges;
    QList<CostAssumptions> economicsCosts;

    FakeOperatorService()
    {
        openAnswer.result = ProfileStatus{QStringLiteral("/tmp/profile"), true, QString()};
        unlockAnswer.result =
            ProfileStatus{QStringLiteral("/tmp/profile"), true, QStringLiteral("ABCD-EFGH")};
        nodesAnswer.result = QList<NodeSummary>{};
        historyAnswer.result = QList<Transition>{};
    }

    QFuture<Result<ProfileStatus>> open() override { return openAnswer(); }
    QFuture<Result<ProfileStatus>> createOperatorKey(const QString &) override
    {
        return unlockAnswer();
    }
    QFuture<Result<ProfileStatus>> unlock(const QString &) override { return unlockAnswer(); }
    QFuture<Result<QList<NodeSummary>>> nodes() override { return nodesAnswer(); }
    QFuture<Result<NodeSummary>> addNode(const NewNodeRequest &) override
    {
        return addNodeAnswer();
    }
    QFuture<Result<NodeSummary>> changeState(const QString &, LifecycleState,
                                             const QString &) override
    {
        return changeStateAnswer();
    }
    QFuture<Result<QList<Transition>>> history(const QString &) override { return historyAnswer(); }
    QFuture<Result<DiskSpace>> diskSpace(const QString &) override { return diskSpaceAnswer(); }
    QFuture<Result<EarningsSeries>> earnings(const QString &, TimeRange range) override
    {
        earningsRanges.append(range);
        return earningsAnswer();
    }
    QFuture<Result<ReputationSeries>> reputation(const QString &, TimeRange) override
    {
        return reputationAnswer();
    }
    QFuture<Result<StakeView>> stake(const QString &, TimeRange) override { return stakeAnswer(); }
    QFuture<Result<MarketView>> market(TimeRange) override { return marketAnswer(); }
    QFuture<Result<PriceCurvePtr>> priceCurve(const QString &) override
    {
        return priceCurveAnswer();
    }
    QFuture<Result<OfferPoint>> publishOffer(const QString &, qint64 price) override
    {
        publishedPrices.append(price);
        return publishAnswer();
    }
    QFuture<Result<StakeView>> bond(const QString &, qint64 amount) override
    {
        bondAmounts.append(amount);
        return bondAnswer();
    }
    QFuture<Result<StakeView>> unbond(const QString &, qint64 amount) override
    {
        unbondAmounts.append(amount);
        return unbondAnswer();
    }
    QFuture<Result<EconomicsView>> economics(TimeRange, CostAssumptions costs) override
    {
        economicsCosts.append(costs);
        return economicsAnswer();
    }
    QFuture<Result<QList<LogEntry>>> logEntries(const QString &filter, int) override
    {
        logFilters.append(filter);
        return logAnswer();
    }
    QFuture<Result<QString>> verifyLog() override { return verifyAnswer(); }
    QFuture<Result<QString>> exportLog(const QString &path) override
    {
        exportPaths.append(path);
        return exportLogAnswer();
    }
    QFuture<Result<QString>> exportEarningsCsv(const QString &, TimeRange,
                                               const QString &path) override
    {
        exportPaths.append(path);
        return exportCsvAnswer();
    }
    QFuture<Result<NodeSummary>> addRemoteNode(const QString &name, const QString &address,
                                               const QString &token) override
    {
        remoteNodes.append(name + QLatin1Char(' ') + address + QLatin1Char(' ') + token);
        return addRemoteAnswer();
    }
    void setWebhookUrl(const QString &url) override { webhookUrls.append(url); }

    // Signals are protected by nothing in Qt 6; these name the intent in tests.
    void announceMarketChanged() { Q_EMIT marketChanged(); }
    void announceAlert(const Alert &alert) { Q_EMIT alertRaised(alert); }
};

} // namespace streamsync::test
