#include "console/NodeCommand.h"

#include <QProcess>
#include <QPromise>
#include <QTimer>

#include <memory>

namespace streamsync::console {

QFuture<Result<QString>> runNodeCommand(QObject *context, const QString &program,
                                        const QStringList &arguments,
                                        const QProcessEnvironment &environment, int timeoutMs)
{
    auto promise = std::make_shared<QPromise<Result<QString>>>();
    promise->start();
    auto *process = new QProcess(context);
    auto settle = [promise, process](const Result<QString> &result) {
        if (promise->future().isFinished())
            return;
        promise->addResult(result);
        promise->finish();
        process->deleteLater();
    };
    QObject::connect(process, &QProcess::finished, process,
                     [process, settle](int code, QProcess::ExitStatus status) {
                         const QString out = QString::fromUtf8(process->readAllStandardOutput());
                         const QString err =
                             QString::fromUtf8(process->readAllStandardError()).trimmed();
                         if (status == QProcess::NormalExit && code == 0)
                             settle(out.trimmed());
                         else
                             settle(fail(err.isEmpty() ? QStringLiteral("streamsync-node %1 "
                                                                        "exited with code %2")
                                                             .arg(process->arguments().value(0))
                                                             .arg(code)
                                                       : err.split(QLatin1Char('\n')).last()));
                     });
    QObject::connect(process, &QProcess::errorOccurred, process,
                     [process, settle](QProcess::ProcessError error) {
                         if (error == QProcess::FailedToStart)
                             settle(fail(QStringLiteral("cannot start %1: %2")
                                             .arg(process->program(), process->errorString())));
                     });
    QTimer::singleShot(timeoutMs, process, [process, settle] {
        process->kill();
        settle(fail(QStringLiteral("streamsync-node %1 did not finish in time")
                        .arg(process->arguments().value(0))));
    });
    process->setProcessEnvironment(environment);
    process->setStandardInputFile(QProcess::nullDevice());
    process->start(program, arguments);
    return promise->future();
}

} // namespace streamsync::console
