#pragma once

#include "crypto/Ed25519.h"
#include "log/Event.h"
#include "log/ForkProof.h"
#include "log/Refusal.h"
#include "util/Result.h"

#include <QByteArray>

#include <optional>

namespace streamsync {

// The rules that decide whether an event may extend one author's feed (DESIGN §4), judged against
// the feed's head alone. An in-memory Feed, the database-backed EventStore and the file verifier
// all apply these same checks, so a feed accepted by one is accepted by the others.
class FeedRules
{
public:
    struct Head
    {
        quint64 seq = 0; // 0 while the feed is empty
        QByteArray hash; // 32 zero bytes while the feed is empty

        static Head empty() { return Head{0, QByteArray(Event::kHashSize, '\0')}; }
    };

    // Where an event that passed check() belongs.
    enum class Placement {
        Next,     // extends the feed: seq, prev and signature are right; store it
        KnownSeq, // the feed already holds this seq: compare with that event (see checkRival)
    };

    explicit FeedRules(QByteArray author, qsizetype maxEventBytes);

    const QByteArray &author() const { return m_author; }
    qsizetype maxEventBytes() const { return m_maxEventBytes; }

    // Cheap checks come before the signature, so junk costs a comparison, not a verification. An
    // event at a seq the feed already holds is not verified here: it is most often a harmless
    // re-delivery, which only needs a hash comparison. `why`, if given, receives the reason of a
    // refusal.
    Result<Placement> check(const Event &event, const Head &head, Refusal *why = nullptr);

    // `rival` has the seq of the already accepted `known` but another hash. Validly signed, it is
    // equivocation and the proof comes back; otherwise it is refused as a bad signature.
    Result<ForkProof> checkRival(const Event &known, const Event &rival, Refusal *why = nullptr);

    // The refusal that reports a fork: the rival is never accepted, whatever else is done with it.
    Error refuseFork(const ForkProof &proof, const Event &known, Refusal *why = nullptr) const;

private:
    Result<void> checkSignature(const Event &event, Refusal *why);
    Error refuse(const Event &event, Refusal *why, Refusal reason, const QString &detail) const;

    QByteArray m_author;
    qsizetype m_maxEventBytes;
    // Parsed once: turning raw bytes into an EVP_PKEY costs as much as a few hashes per event.
    std::optional<Result<Ed25519PublicKey>> m_key;
};

} // namespace streamsync
