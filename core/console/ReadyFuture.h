#pragma once

#include "util/Result.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QPromise>

#include <utility>

namespace streamsync::console {

// A future that already holds `result`: for what is decided before any work starts (a refusal,
// a value at hand), so every call of the facade returns the same kind of future.
template <typename T> QFuture<Result<T>> readyFuture(Result<T> result)
{
    QPromise<Result<T>> promise;
    promise.start();
    promise.addResult(std::move(result));
    promise.finish();
    return promise.future();
}

template <typename T> QFuture<Result<T>> refusedFuture(const QString &message)
{
    return readyFuture(Result<T>(fail(message)));
}

// Runs `done(result)` on `context`'s thread once `future` finishes, without taking the future's
// continuation: in Qt 6.4 a QFuture holds one continuation and a second then() replaces the first,
// so a future the facade returns must stay free for the caller's own then(). Dropped with
// `context`.
template <typename T, typename Done>
void whenFinished(QObject *context, const QFuture<T> &future, Done done)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, done = std::move(done)] {
                         watcher->deleteLater();
                         if (!watcher->future().isCanceled())
                             done(watcher->result());
                     });
    watcher->setFuture(future);
}

} // namespace streamsync::console
