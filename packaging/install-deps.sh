#!/usr/bin/env bash
# Installs the Debian 12 packages StreamSync Operator needs to build, test and run.
# Skips the apt round trip entirely when everything is already present, so a second
# ./run.sh starts at once. Used by ./run.sh and ./test.sh; safe to run by hand.
set -euo pipefail

packages=(
    cmake g++ make pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev
    qt6-charts-dev libqt6charts6
    libqt6sql6-sqlite qt6-qpa-plugins libqt6svg6
    libgl-dev libvulkan-dev
    libssl-dev openssl
    xvfb xauth xdotool imagemagick fonts-dejavu-core
    clang-format
    iproute2
    librsvg2-bin desktop-file-utils dpkg-dev
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: need root (or sudo) to install: ${missing[*]}" >&2; exit 2; }
    SUDO=sudo
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
