#!/usr/bin/env bash
# packaging_install (ctest): installs the build into scratch roots and checks that every file is
# where desktop environments and systemd look for it. Needs no root and touches nothing outside a
# temporary directory:
#   1. `cmake --install BUILD --prefix TMP/install/usr --strip`
#   2. if cpack and dpkg-deb exist: the .deb from the project's CPackConfig.cmake (control fields,
#      dpkg-shlibdeps, maintainer scripts), into TMP/cpack; `dpkg-deb -x` into TMP/deb; checks the
#      control fields (Package, Version, Depends) and maintainer scripts, then the same layout.
#      cpack packs the tree step 1 installed (CPACK_INSTALLED_DIRECTORIES) instead of installing
#      the project itself: that install would first build the `preinstall` target, i.e. the whole
#      tree, tests included, which can take minutes and rebuild binaries other tests are running.
#      `cpack -G DEB` by hand runs the same install rules (with CPACK_STRIP_FILES, like --strip).
# Usage: check_install.sh BUILD_DIR VERSION GUI(ON|OFF)
set -uo pipefail

build=${1:?usage: check_install.sh BUILD_DIR VERSION GUI}
version=${2:?usage: check_install.sh BUILD_DIR VERSION GUI}
gui=${3:-ON}
case "$gui" in ON | on | 1 | TRUE | true | YES | yes) gui=1 ;; *) gui=0 ;; esac
cmake_cmd=${CMAKE_COMMAND:-cmake}
cpack_cmd=${CPACK_COMMAND:-cpack}
app_id=io.streamsync.Operator
png_sizes="16 32 48 64 128 256"

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
note() { echo "  $*"; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/streamsync-packaging.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT

# Width and height from a PNG's IHDR chunk, as "WxH"; empty if the file is not a PNG.
png_size() {
    local sig
    sig=$(od -An -tx1 -N8 "$1" 2>/dev/null | tr -d ' \n')
    [ "$sig" = 89504e470d0a1a0a ] || return 0
    local w h
    w=$(od -An -tu4 --endian=big -j16 -N4 "$1" | tr -d ' ')
    h=$(od -An -tu4 --endian=big -j20 -N4 "$1" | tr -d ' ')
    echo "${w}x${h}"
}

# A key's value from the [Desktop Entry] group (or any group of a unit file) of an ini-style file.
ini_value() {
    sed -n "s/^$2=//p" "$1" | head -n1
}

# check_root ROOT LABEL: the layout under a scratch root whose prefix is ROOT/usr.
check_root() {
    local root=$1 label=$2
    echo "== checking $label ($root)"

    local programs="streamsync-node"
    [ $gui = 1 ] && programs="streamsync-operator streamsync-node"
    local p
    for p in $programs; do
        if [ ! -f "$root/usr/bin/$p" ]; then
            fail "$label: usr/bin/$p is missing"
        elif [ ! -x "$root/usr/bin/$p" ]; then
            fail "$label: usr/bin/$p is not executable"
        else
            note "ok usr/bin/$p"
        fi
    done

    if [ $gui = 1 ]; then
        local desktop="$root/usr/share/applications/$app_id.desktop"
        if [ ! -f "$desktop" ]; then
            fail "$label: usr/share/applications/$app_id.desktop is missing"
        else
            note "ok usr/share/applications/$app_id.desktop"
            if command -v desktop-file-validate >/dev/null; then
                local out
                if ! out=$(desktop-file-validate "$desktop" 2>&1); then
                    fail "$label: desktop-file-validate rejects $app_id.desktop: $out"
                elif echo "$out" | grep -qE ': (error|warning):'; then
                    fail "$label: desktop-file-validate warns about $app_id.desktop: $out"
                else
                    note "ok desktop-file-validate"
                fi
            else
                note "skip desktop-file-validate (not installed; package desktop-file-utils)"
            fi
            local exec_bin icon
            exec_bin=$(ini_value "$desktop" Exec | awk '{print $1}')
            if [ -z "$exec_bin" ]; then
                fail "$label: $app_id.desktop has no Exec="
            elif [ ! -x "$root/usr/bin/$exec_bin" ]; then
                fail "$label: Exec=$exec_bin in $app_id.desktop is not an installed usr/bin program"
            else
                note "ok Exec=$exec_bin resolves to usr/bin/$exec_bin"
            fi
            icon=$(ini_value "$desktop" Icon)
            if [ -z "$icon" ]; then
                fail "$label: $app_id.desktop has no Icon="
            else
                local hicolor="$root/usr/share/icons/hicolor"
                if [ ! -s "$hicolor/scalable/apps/$icon.svg" ]; then
                    fail "$label: Icon=$icon: usr/share/icons/hicolor/scalable/apps/$icon.svg is missing"
                elif ! grep -q '<svg' "$hicolor/scalable/apps/$icon.svg"; then
                    fail "$label: usr/share/icons/hicolor/scalable/apps/$icon.svg is not an SVG"
                else
                    note "ok Icon=$icon -> hicolor/scalable/apps/$icon.svg"
                fi
                local size png got before=$failures
                for size in $png_sizes; do
                    png="$hicolor/${size}x${size}/apps/$icon.png"
                    if [ ! -f "$png" ]; then
                        fail "$label: Icon=$icon: usr/share/icons/hicolor/${size}x${size}/apps/$icon.png is missing"
                        continue
                    fi
                    got=$(png_size "$png")
                    if [ "$got" != "${size}x${size}" ]; then
                        fail "$label: hicolor/${size}x${size}/apps/$icon.png is ${got:-not a PNG}, not ${size}x${size}"
                    fi
                done
                [ $failures = "$before" ] && note "ok Icon=$icon -> hicolor/NxN/apps/$icon.png, N = $png_sizes"
            fi
        fi

        local metainfo="$root/usr/share/metainfo/$app_id.metainfo.xml"
        if [ ! -f "$metainfo" ]; then
            fail "$label: usr/share/metainfo/$app_id.metainfo.xml is missing"
        elif command -v appstreamcli >/dev/null; then
            local out
            if ! out=$(appstreamcli validate --no-net "$metainfo" 2>&1); then
                fail "$label: appstreamcli validate rejects $app_id.metainfo.xml: $out"
            else
                note "ok usr/share/metainfo/$app_id.metainfo.xml (appstreamcli validate)"
            fi
        else
            note "ok usr/share/metainfo/$app_id.metainfo.xml (appstreamcli not installed: not validated)"
        fi
    fi

    # The unit: under the /usr prefix; /lib/systemd/system accepted too (non-merged-/usr layout).
    local unit=""
    local dir
    for dir in usr/lib/systemd/system lib/systemd/system; do
        [ -f "$root/$dir/streamsync-node.service" ] && unit="$root/$dir/streamsync-node.service" && break
    done
    if [ -z "$unit" ]; then
        fail "$label: streamsync-node.service is in neither usr/lib/systemd/system nor lib/systemd/system"
    else
        note "ok ${unit#"$root"/}"
        local exec_start exec_bin
        exec_start=$(ini_value "$unit" ExecStart)
        exec_bin=${exec_start%% *}
        if [ "$exec_bin" != /usr/bin/streamsync-node ]; then
            fail "$label: streamsync-node.service runs '$exec_bin', not /usr/bin/streamsync-node"
        else
            note "ok ExecStart=$exec_start"
        fi
        # Every option the unit passes must be one `streamsync-node run` knows.
        local help opt
        if [ -x "$root/usr/bin/streamsync-node" ] &&
            help=$("$root/usr/bin/streamsync-node" run --help 2>&1); then
            for opt in $(echo "$exec_start" | grep -oE -- '--[a-z][a-z-]*'); do
                echo "$help" | grep -qE -- "(^|[ ,])$opt([ ,=<]|$)" ||
                    fail "$label: streamsync-node.service passes $opt, which 'streamsync-node run --help' does not list"
            done
            note "ok ExecStart options are known to 'streamsync-node run'"
        else
            fail "$label: usr/bin/streamsync-node run --help failed: $help"
        fi
        local key
        for key in User StateDirectory EnvironmentFile Restart NoNewPrivileges ProtectSystem; do
            [ -n "$(ini_value "$unit" $key)" ] || fail "$label: streamsync-node.service has no $key="
        done
    fi
}

# --- 1. cmake --install into a scratch prefix -----------------------------------------------------
echo "== cmake --install $build --prefix $scratch/install/usr --strip"
installed=0
if ! out=$("$cmake_cmd" --install "$build" --prefix "$scratch/install/usr" --strip 2>&1); then
    echo "$out" >&2
    fail "cmake --install failed"
else
    installed=1
    check_root "$scratch/install" "cmake --install"
fi

# --- 2. the .deb, unpacked without dpkg -i --------------------------------------------------------
if ! command -v "$cpack_cmd" >/dev/null || ! command -v dpkg-deb >/dev/null; then
    echo "== skipping the .deb checks: cpack or dpkg-deb is not installed"
elif [ $installed = 0 ]; then
    echo "== skipping the .deb checks: nothing installed to pack"
elif [ ! -f "$build/CPackConfig.cmake" ]; then
    fail "$build/CPackConfig.cmake is missing (include(CPack) did not run?)"
else
    echo "== cpack -G DEB -B $scratch/cpack (packing $scratch/install)"
    # Run from the scratch dir so nothing (not even a _CPack_Packages tree) lands in the build.
    if ! out=$(cd "$scratch" && "$cpack_cmd" -G DEB --config "$build/CPackConfig.cmake" \
        -B "$scratch/cpack" -D CPACK_INSTALL_CMAKE_PROJECTS= \
        -D "CPACK_INSTALLED_DIRECTORIES=$scratch/install;." 2>&1); then
        echo "$out" >&2
        fail "cpack -G DEB failed"
    fi
    debs=("$scratch"/cpack/*.deb)
    if [ ! -f "${debs[0]}" ]; then
        fail "cpack made no .deb in $scratch/cpack"
    else
        deb=${debs[0]}
        note "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"
        info=$(dpkg-deb -I "$deb") || fail "dpkg-deb -I cannot read $(basename "$deb")"
        package=$(dpkg-deb -f "$deb" Package)
        deb_version=$(dpkg-deb -f "$deb" Version)
        depends=$(dpkg-deb -f "$deb" Depends)
        [ "$package" = streamsync-operator ] ||
            fail "the .deb's Package is '$package', not streamsync-operator"
        [ "$deb_version" = "$version" ] ||
            fail "the .deb's Version is '$deb_version', not the project's $version"
        if [ -z "$depends" ]; then
            fail "the .deb has no Depends"
        else
            for dep in libqt6core6 libqt6network6 libqt6sql6-sqlite; do
                echo "$depends" | grep -qE "(^|[ ,])$dep([ ,(]|$)" ||
                    fail "the .deb's Depends lacks $dep: $depends"
            done
            if [ $gui = 1 ]; then
                for dep in libqt6widgets6 qt6-qpa-plugins; do
                    echo "$depends" | grep -qE "(^|[ ,])$dep([ ,(]|$)" ||
                        fail "the .deb's Depends lacks $dep: $depends"
                done
            fi
        fi
        note "Package: $package"
        note "Version: $deb_version"
        note "Depends: $depends"
        for script in postinst prerm postrm; do
            if ! echo "$info" | grep -qE "^ +[0-9]+ bytes, +[0-9]+ lines +\* +$script( |$)"; then
                fail "the .deb has no executable $script maintainer script"
            fi
        done
        mkdir -p "$scratch/control"
        if dpkg-deb -e "$deb" "$scratch/control"; then
            for script in postinst prerm postrm; do
                [ -f "$scratch/control/$script" ] && ! sh -n "$scratch/control/$script" &&
                    fail "the .deb's $script is not valid sh"
            done
        fi
        mkdir -p "$scratch/deb"
        if dpkg-deb -x "$deb" "$scratch/deb"; then
            check_root "$scratch/deb" ".deb (dpkg-deb -x)"
        else
            fail "dpkg-deb -x could not unpack $(basename "$deb")"
        fi
    fi
fi

if [ $failures -ne 0 ]; then
    echo "packaging_install: $failures check(s) failed" >&2
    exit 1
fi
echo "packaging_install: all checks passed"
