#pragma once

#include <QtGlobal>

namespace streamsync {

// Test hooks that make a node misbehave on purpose, read once at start from the environment
// (README "Test hooks"); never set them on a real node.
//   STREAMSYNC_TEST_SERVE_UNVERIFIED=1  answer queries with the chunk bytes as they are on disk,
//                                       unchecked, as a faulty or lying node would
//   STREAMSYNC_TEST_SERVE_DELAY_MS=N    hold every answer back N ms, as a slow node would
// and one from the command line (`run --test-corrupt-answers`, hidden from --help):
//   corruptAnswers                      flip one byte of every served chunk and sign the
//                                       statement with the corrupted data's leaf hash: a
//                                       provably false signed answer, for the fraud (slash) test
struct ServeHooks
{
    bool serveUnverified = false;
    int answerDelayMs = 0;
    bool corruptAnswers = false;

    bool any() const { return serveUnverified || answerDelayMs > 0 || corruptAnswers; }

    static ServeHooks fromEnvironment()
    {
        return {qEnvironmentVariableIntValue("STREAMSYNC_TEST_SERVE_UNVERIFIED") == 1,
                qMax(0, qEnvironmentVariableIntValue("STREAMSYNC_TEST_SERVE_DELAY_MS")), false};
    }
};

} // namespace streamsync
