#pragma once

#include "node/Transition.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace streamsync::ui {

// One node's lifecycle history (from, to, when, why, who), oldest first as the service returns
// it, so the table reads like the log it is.
class TransitionHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { FromColumn, ToColumn, WhenColumn, WhyColumn, WhoColumn };
    static constexpr int kColumnCount = WhoColumn + 1;

    explicit TransitionHistoryModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setHistory(const QString &nodeId, const QList<Transition> &transitions);
    void clear();

    QString nodeId() const { return m_nodeId; }
    const Transition &transitionAt(int row) const { return m_transitions.at(row); }

private:
    QVariant display(const Transition &transition, int column) const;

    QString m_nodeId;
    QList<Transition> m_transitions;
};

} // namespace streamsync::ui
