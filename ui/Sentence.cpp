#include "Sentence.h"

namespace streamsync::ui {

QString asSentence(const QString &fragment)
{
    QString sentence = fragment.trimmed();
    if (sentence.isEmpty())
        return sentence;
    sentence[0] = sentence[0].toUpper();
    const QChar last = sentence.back();
    if (last != u'.' && last != u'!' && last != u'?')
        sentence += u'.';
    return sentence;
}

} // namespace streamsync::ui
