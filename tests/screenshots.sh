#!/bin/bash
# Screenshots of every console view, for a person to look at (never committed).
#
#   tests/screenshots.sh [BUILD_DIR [OUTPUT_DIR]]      defaults: build, BUILD_DIR/screenshots
#
# Builds nothing. For each size (1280×800, 1920×1080), palette (light, dark) and view, starts
# the real console on a virtual X screen (xvfb-run) with `--profile <tmp> --view <name>
# --palette <p>`, types the passphrase into its dialog (xdotool), makes the window fill the
# screen, waits for the view to load and saves the screen with ImageMagick's `import -window
# root` as OUTPUT_DIR/<view>-<palette>-<size>.png. One temporary profile serves every run (the
# first creates the key, later ones unlock it), and the console's settings go to a temporary
# XDG_CONFIG_HOME, so the operator's own profile and settings are never touched.
#
# The real console shows whatever the facade gives it. For views full of data whatever its
# state, the view gallery test (BUILD_DIR/tests/test_view_gallery, when built) also renders
# each view over sample data of one point, a day and a year into OUTPUT_DIR/gallery/.
#
# Environment: SETTLE (seconds to let a view load, default 6), WARMUP (seconds the first run
# lets the market run after adding and starting the operator's node, default 90), VIEWS, SIZES,
# PALETTES (space separated, to take fewer shots).
set -euo pipefail

# One shot, run inside the virtual X server: start, unlock, fill the screen, wait, save, quit.
shoot() {
    local view=$1 palette=$2 width=$3 height=$4 file=$5
    local create=1
    [ -e "$WORK/profile/operator.key" ] && create=0
    XDG_CONFIG_HOME="$WORK/config" STREAMSYNC_TEST_FAST_KDF=1 \
        "$APP" --profile "$WORK/profile" --view "$view" --palette "$palette" \
        >>"$WORK/console.log" 2>&1 &
    local pid=$!
    local dialog
    dialog=$(timeout 30 xdotool search --sync --name "operator key" | head -1)
    xdotool windowfocus --sync "$dialog"
    xdotool type --delay 5 "$PASSPHRASE"
    if [ "$create" = 1 ]; then
        xdotool key Tab
        xdotool type --delay 5 "$PASSPHRASE"
    fi
    xdotool key Return
    local window
    window=$(timeout 30 xdotool search --sync --name "^StreamSync Operator" | head -1)
    # No window manager on the virtual screen: place and size the window ourselves.
    xdotool windowmove "$window" 0 0 windowsize "$window" "$width" "$height"
    if [ "$create" = 1 ]; then
        # The first run adds the operator's own node (Ctrl+N, a folder in the work area, the
        # default quota) and starts it (Node > Start), then lets the market run WARMUP seconds,
        # so every later shot shows that node with its races, fees and epochs.
        xdotool windowfocus --sync "$window" key ctrl+n
        local add
        add=$(timeout 30 xdotool search --sync --name "^Add node" | head -1)
        xdotool windowfocus --sync "$add" key Tab type --delay 5 "$WORK/desk"
        sleep 2 # the dialog checks the folder's free space
        xdotool key Return
        sleep 2
        xdotool windowfocus --sync "$window" key alt+n s
        sleep "$WARMUP"
    fi
    sleep "$SETTLE"
    import -window root "$file"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}
# xvfb-run is a /bin/sh script, and dash drops exported bash functions from the environment:
# each shot runs this script again with --shoot inside the virtual X server.
if [ "${1:-}" = "--shoot" ]; then
    shift
    shoot "$@"
    exit
fi

BUILD_DIR=${1:-build}
OUT_DIR=${2:-$BUILD_DIR/screenshots}
APP="$BUILD_DIR/app/streamsync-operator/streamsync-operator"
GALLERY="$BUILD_DIR/tests/test_view_gallery"
SETTLE=${SETTLE:-6}
WARMUP=${WARMUP:-90}
VIEWS=${VIEWS:-"overview earnings reputation stake market economics log"}
SIZES=${SIZES:-"1280x800 1920x1080"}
PALETTES=${PALETTES:-"light dark"}
PASSPHRASE="screenshot passphrase"

for tool in xvfb-run xdotool import; do
    command -v "$tool" >/dev/null || { echo "screenshots.sh: $tool is missing" >&2; exit 2; }
done
[ -x "$APP" ] || { echo "screenshots.sh: no console at $APP (build it first)" >&2; exit 2; }
mkdir -p "$OUT_DIR"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/profile" "$WORK/config"

export WORK APP SETTLE WARMUP PASSPHRASE

for size in $SIZES; do
    width=${size%x*}
    height=${size#*x}
    for palette in $PALETTES; do
        for view in $VIEWS; do
            file="$OUT_DIR/$view-$palette-$size.png"
            xvfb-run -a -s "-screen 0 ${width}x${height}x24" \
                bash "$0" --shoot "$view" "$palette" "$width" "$height" "$file"
            echo "$file"
        done
    done
done

if [ -x "$GALLERY" ]; then
    mkdir -p "$OUT_DIR/gallery"
    STREAMSYNC_GALLERY_DIR="$OUT_DIR/gallery" QT_QPA_PLATFORM=offscreen \
        "$GALLERY" -silent >"$WORK/gallery.log" 2>&1 ||
        { echo "screenshots.sh: the view gallery failed:" >&2; cat "$WORK/gallery.log" >&2; exit 2; }
    echo "$OUT_DIR/gallery/ ($(ls "$OUT_DIR/gallery" | wc -l) images)"
fi
