#pragma once

#include <QtGlobal>

namespace streamsync {

// Test hooks that make a node misbehave on purpose, read once at start from the environment
// (README "Test hooks"); never set them on a real node.
//   STREAMSYNC_TEST_SERVE_UNVERIFIED=1  answer queries with the chunk bytes as they are on disk,
//                                       unchecked, as a faulty or lying node would
//   STREAMSYNC_TEST_SERVE_DELAY_MS=N    hold every answer back N ms, as a slow node would
struct ServeHooks
{
    bool serveUnverified = false;
    int answerDelayMs = 0;

    static ServeHooks fromEnvironment()
    {
        return {qEnvironmentVariableIntValue("STREAMSYNC_TEST_SERVE_UNVERIFIED") == 1,
                qMax(0, qEnvironmentVariableIntValue("STREAMSYNC_TEST_SERVE_DELAY_MS"))};
    }
};

} // namespace streamsync
