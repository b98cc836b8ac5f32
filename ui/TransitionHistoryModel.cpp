#include "TransitionHistoryModel.h"

#include "StatePresentation.h"

#include <QDateTime>
#include <QLocale>

namespace streamsync::ui {

namespace {

QString formatWhen(qint64 atMs)
{
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(atMs).toLocalTime();
    return QLocale().toString(when, QLocale::ShortFormat);
}

} // namespace

TransitionHistoryModel::TransitionHistoryModel(QObject *parent) : QAbstractTableModel(parent) {}

int TransitionHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_transitions.size());
}

int TransitionHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant TransitionHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_transitions.size())
        return {};
    const Transition &transition = m_transitions.at(index.row());
    if (role == Qt::DisplayRole)
        return display(transition, index.column());
    if (role == Qt::DecorationRole && index.column() == ToColumn)
        return stateIcon(transition.to);
    if (role == Qt::ToolTipRole && index.column() == WhenColumn)
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(transition.atMs).toLocalTime(),
                                  QLocale::LongFormat);
    if (role == Qt::ToolTipRole && index.column() == WhyColumn)
        return transition.why;
    return {};
}

QVariant TransitionHistoryModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FromColumn:
        return tr("From");
    case ToColumn:
        return tr("To");
    case WhenColumn:
        return tr("When");
    case WhyColumn:
        return tr("Why");
    case WhoColumn:
        return tr("Who");
    }
    return {};
}

void TransitionHistoryModel::setHistory(const QString &nodeId, const QList<Transition> &transitions)
{
    beginResetModel();
    m_nodeId = nodeId;
    m_transitions = transitions;
    endResetModel();
}

void TransitionHistoryModel::clear()
{
    setHistory({}, {});
}

QVariant TransitionHistoryModel::display(const Transition &transition, int column) const
{
    switch (column) {
    case FromColumn:
        return toString(transition.from);
    case ToColumn:
        return toString(transition.to);
    case WhenColumn:
        return formatWhen(transition.atMs);
    case WhyColumn:
        return transition.why;
    case WhoColumn:
        return toString(transition.who);
    }
    return {};
}

} // namespace streamsync::ui
