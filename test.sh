#!/usr/bin/env bash
# Installs what is missing, builds (Release, into build/) and runs every test with ctest.
# Exits non-zero on any failure. Extra arguments go to ctest (e.g. ./test.sh -R money).
set -euo pipefail
cd "$(dirname "$0")"

./packaging/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSTREAMSYNC_WERROR=ON >build-configure.log \
    || { cat build-configure.log; exit 1; }
cmake --build build --parallel "$(nproc)"

export QT_QPA_PLATFORM=offscreen
ctest --test-dir build --output-on-failure --timeout 600 "$@"
