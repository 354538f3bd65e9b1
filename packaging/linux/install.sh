#!/bin/sh
# Install StudyApp's launcher entry, icons and AppStream metainfo for the current user.
#
#   packaging/linux/install.sh [PATH_TO_StudyApp_EXECUTABLE]   install (or update)
#   packaging/linux/install.sh --uninstall                      remove what install put there
#
# PATH_TO_StudyApp_EXECUTABLE is one of
#   - the frozen build folder (dist/StudyApp/): the launcher runs dist/StudyApp/StudyApp;
#   - an executable file (e.g. /opt/StudyApp/StudyApp or ~/.local/bin/studyapp);
#   - a command name looked up on PATH. The default is `studyapp` (from `pip install .` or
#     `pipx install .`); when found, its absolute path is written, because a desktop session's
#     PATH may lack ~/.local/bin.
#
# Files go under $XDG_DATA_HOME (default ~/.local/share): applications/, icons/hicolor/ and
# metainfo/. Nothing outside it is touched and no root rights are needed.
set -eu

APP_ID=io.github.studyapp.StudyApp
SIZES="16 24 32 48 64 128 256 512"

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
apps_dir=$data_home/applications
icons_dir=$data_home/icons/hicolor
metainfo_dir=$data_home/metainfo

say() { printf '%s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
}

# The icons: the source tree's resources/icons/ (two levels up from this script), else those
# inside the frozen build folder given as $1 (PyInstaller puts data files under _internal/).
find_icons() {
    for candidate in "$here/../../resources/icons" "$here/icons" \
        "${1:-/nonexistent}/_internal/studyapp/resources/icons"; do
        if [ -f "$candidate/studyapp.svg" ]; then
            (CDPATH='' cd -- "$candidate" && pwd)
            return 0
        fi
    done
    return 1
}

# Quote one argument for a desktop file's Exec key (Desktop Entry spec, "The Exec key").
exec_quote() {
    case $1 in
        *"
"*) die "the path may not contain a line break: $1" ;;
        # The spec writes % as %%, but GLib-based launchers then fail to find the program.
        *%*) die "the path may not contain %: $1 (move or rename the folder)" ;;
    esac
    if printf '%s' "$1" | grep -q '^[A-Za-z0-9_./+,:=@-]*$'; then
        quoted=$1
    else
        # inside double quotes: escape \ " ` $ ; then the string-level escape doubles every \
        quoted=\"$(printf '%s' "$1" | sed -e 's/[\\"`$]/\\&/g')\"
        quoted=$(printf '%s' "$quoted" | sed -e 's/\\/\\\\/g')
    fi
    printf '%s' "$quoted"
}

# A desktop file string value (TryExec is a plain path, not quoted like Exec): escape each \.
string_escape() {
    printf '%s' "$1" | sed -e 's/\\/\\\\/g'
}

# Which command the launcher runs, as an absolute path when one can be found.
resolve_command() {
    target=$1
    if [ -d "$target" ]; then
        for name in StudyApp studyapp; do
            if [ -f "$target/$name" ] && [ -x "$target/$name" ]; then
                (CDPATH='' cd -- "$target" && printf '%s/%s' "$(pwd)" "$name")
                return 0
            fi
        done
        die "no StudyApp executable in the folder $target (expected $target/StudyApp)"
    fi
    case $target in
        */*)
            if [ ! -f "$target" ] || [ ! -x "$target" ]; then
                die "not an executable file: $target"
            fi
            dir=$(CDPATH='' cd -- "$(dirname -- "$target")" && pwd)
            printf '%s/%s' "$dir" "$(basename -- "$target")"
            ;;
        *)
            if found=$(command -v -- "$target" 2>/dev/null) && [ -n "$found" ]; then
                case $found in
                    /*) printf '%s' "$found" ;;
                    *) printf '%s' "$target" ;;  # a shell function or alias: leave it to PATH
                esac
            else
                printf 'install.sh: warning: %s is not on PATH; the launcher will look for it there at start\n' \
                    "$target" >&2
                printf '%s' "$target"
            fi
            ;;
    esac
}

refresh_caches() {
    if [ -d "$apps_dir" ] && command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$apps_dir" || true
    fi
    if [ -d "$icons_dir" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -f -t "$icons_dir" || true
    fi
}

do_install() {
    command=$(resolve_command "$1")
    exec_value=$(exec_quote "$command")
    build_dir=
    [ -d "$1" ] && build_dir=$1
    icons=$(find_icons "$build_dir") || die "icons not found (looked for resources/icons/studyapp.svg next to $here)"
    [ -f "$here/$APP_ID.desktop" ] || die "missing $here/$APP_ID.desktop"
    [ -f "$here/$APP_ID.metainfo.xml" ] || die "missing $here/$APP_ID.metainfo.xml"

    mkdir -p "$apps_dir" "$metainfo_dir" "$icons_dir/scalable/apps"

    desktop=$apps_dir/$APP_ID.desktop
    tmp=$desktop.tmp.$$
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
            Exec=*)
                printf 'Exec=%s\n' "$exec_value"
                case $command in
                    /*) printf 'TryExec=%s\n' "$(string_escape "$command")" ;;
                esac
                ;;
            TryExec=*) ;;
            *) printf '%s\n' "$line" ;;
        esac
    done < "$here/$APP_ID.desktop" > "$tmp"
    chmod 644 "$tmp"
    mv -f "$tmp" "$desktop"
    say "installed $desktop (Exec=$exec_value)"

    for size in $SIZES; do
        src=$icons/studyapp-$size.png
        if [ -f "$src" ]; then
            mkdir -p "$icons_dir/${size}x${size}/apps"
            cp -f "$src" "$icons_dir/${size}x${size}/apps/$APP_ID.png"
            chmod 644 "$icons_dir/${size}x${size}/apps/$APP_ID.png"
        else
            printf 'install.sh: warning: missing %s\n' "$src" >&2
        fi
    done
    cp -f "$icons/studyapp.svg" "$icons_dir/scalable/apps/$APP_ID.svg"
    chmod 644 "$icons_dir/scalable/apps/$APP_ID.svg"
    say "installed icons in $icons_dir/<size>/apps/$APP_ID.{png,svg}"

    cp -f "$here/$APP_ID.metainfo.xml" "$metainfo_dir/$APP_ID.metainfo.xml"
    chmod 644 "$metainfo_dir/$APP_ID.metainfo.xml"
    say "installed $metainfo_dir/$APP_ID.metainfo.xml"

    refresh_caches
    say "done: StudyApp is in your applications menu (log out and in if it does not show yet)"
}

do_uninstall() {
    for file in \
        "$apps_dir/$APP_ID.desktop" \
        "$metainfo_dir/$APP_ID.metainfo.xml" \
        "$icons_dir/scalable/apps/$APP_ID.svg"; do
        if [ -e "$file" ]; then rm -f "$file" && say "removed $file"; fi
    done
    for size in $SIZES; do
        file=$icons_dir/${size}x${size}/apps/$APP_ID.png
        if [ -e "$file" ]; then rm -f "$file" && say "removed $file"; fi
    done
    refresh_caches
    say "done: StudyApp's launcher entry, icons and metainfo are removed (your study data is kept)"
}

case ${1-} in
    -h | --help) usage ;;
    --uninstall)
        [ $# -le 1 ] || die "--uninstall takes no other argument"
        do_uninstall
        ;;
    -*) die "unknown option $1 (see --help)" ;;
    *)
        [ $# -le 1 ] || die "at most one argument: the StudyApp executable or build folder"
        do_install "${1:-studyapp}"
        ;;
esac
