#!/usr/bin/env bash
# Runs a command on this machine as if it had no fonts at all: in a private mount namespace, an empty
# tmpfs covers the system's font folders (/usr/share/fonts, /usr/local/share/fonts), the users' font
# folders, fontconfig's caches, and any other folder holding a font `fc-list :lang=zh` names, so
# fontconfig, sharp (librsvg, Pango) and the PDF code see none of them; `fc-list :lang=zh` prints nothing
# inside, `fc-list` nothing but what the command itself brings. The product's own font
# (@embedpdf/fonts-sc in node_modules) stays. Needs root (unshare -m); the mounts are private to the
# command: other processes on the machine keep their fonts.
#
#   scripts/without-cjk-fonts.sh fc-list :lang=zh            # prints nothing
#   scripts/without-cjk-fonts.sh npm start                   # the product on a "bare" machine
#   scripts/without-cjk-fonts.sh node --import tsx --test test/api/fonts-pdf.test.ts
#
# test/api/fonts-bare-machine.test.ts runs a watermark, a dossier and a monthly report through it.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }
# the machine's fontconfig, not a configuration the caller was given (the product's names its own font)
unset FONTCONFIG_FILE FONTCONFIG_PATH
dirs=$(
  {
    for d in /usr/share/fonts /usr/local/share/fonts /var/cache/fontconfig /var/lib/defoma \
      "$HOME/.fonts" "$HOME/.local/share/fonts" "$HOME/.cache/fontconfig" "${XDG_DATA_HOME:-$HOME/.local/share}/fonts" \
      "${XDG_CACHE_HOME:-$HOME/.cache}/fontconfig"; do
      [ -d "$d" ] && echo "$d"
    done
    fc-list :lang=zh file 2>/dev/null | sed 's/: *$//' | xargs -r -n1 dirname
  } | sort -u
)
# shellcheck disable=SC2016
unshare -m --propagation private bash -c '
  set -euo pipefail
  dirs=$1; shift
  # sorted, a folder comes before those inside it, which its tmpfs has already hidden
  for d in $dirs; do [ -d "$d" ] && mount -t tmpfs -o size=1m,mode=0755 none "$d"; done
  left=$(fc-list :lang=zh | wc -l)
  [ "$left" -eq 0 ] || { echo "still $left Chinese fonts visible" >&2; exit 3; }
  exec "$@"
' bash "$dirs" "$@"
