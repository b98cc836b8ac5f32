#!/usr/bin/env bash
# Installs what is missing, builds (Release, into build/) and starts the operator console.
# A second run skips what is already installed or built. Arguments go to streamsync-operator.
set -euo pipefail
cd "$(dirname "$0")"

./packaging/install-deps.sh
if [ ! -f build/CMakeCache.txt ]; then
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build --parallel "$(nproc)" --target streamsync-operator streamsync-node

console=build/app/streamsync-operator/streamsync-operator
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ] || [ "${QT_QPA_PLATFORM:-}" = offscreen ]; then
    exec "$console" "$@"
fi
# No desktop session (a fresh server, an SSH login): run on a virtual X display so the console
# and its local network still start; connect a VNC viewer or set DISPLAY to see it.
echo "run.sh: no DISPLAY found; starting the console on a virtual display (Xvfb)." >&2
exec xvfb-run -a -s "-screen 0 1280x800x24" "$console" "$@"
