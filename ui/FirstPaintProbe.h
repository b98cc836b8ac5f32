#pragma once

#include <QObject>

namespace streamsync::ui {

// Announces the first paint of a widget (its `painted` signal, once): what an operator sees
// as "the window is there". The cold-start benchmark starts the real console with
// STREAMSYNC_BENCH_FIRST_PAINT=1 and times the process up to this line on stdout.
class FirstPaintProbe : public QObject
{
    Q_OBJECT

public:
    explicit FirstPaintProbe(QWidget *watched);

Q_SIGNALS:
    void painted();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool m_seen = false;
};

} // namespace streamsync::ui
