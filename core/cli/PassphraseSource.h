#pragma once

#include "util/Result.h"

#include <QString>

namespace streamsync::cli {

// Where a headless command gets a passphrase, in order: --passphrase-file FILE (first line),
// the STREAMSYNC_PASSPHRASE environment variable, or a prompt on the terminal without echo.
// Scripts and services use the first two; a person at a terminal gets the prompt.
Result<QString> readPassphrase(const QString &passphraseFile, const QString &prompt);

} // namespace streamsync::cli
