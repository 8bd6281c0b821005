#!/usr/bin/env bash
# Add Frontline Screening to the desktop menu of the current user (no root needed).
#   ./install-desktop-entry.sh             install from the folder this script is in
#   ./install-desktop-entry.sh --uninstall remove the menu entry and icons again
# The app folder itself stays where it is; the menu entry points at it by absolute path.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
entry="$data/applications/frontline-screening.desktop"
icons=("$data/icons/hicolor/256x256/apps/frontline-screening.png"
  "$data/icons/hicolor/scalable/apps/frontline-screening.svg")

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$entry" "${icons[@]}"
  echo "Removed the Frontline Screening menu entry."
  exit 0
fi

install -D -m 0644 "$here/share/icons/hicolor/256x256/apps/frontline-screening.png" "${icons[0]}"
install -D -m 0644 "$here/share/icons/hicolor/scalable/apps/frontline-screening.svg" "${icons[1]}"
mkdir -p "$(dirname "$entry")"
# Quote the path as the Desktop Entry spec asks (it may contain spaces).
exec_path="\"$here/frontline-screening\""
sed -e "s|^Exec=.*|Exec=$exec_path|" -e "s|^TryExec=.*|TryExec=$here/frontline-screening|" \
  "$here/share/applications/frontline-screening.desktop" >"$entry"
chmod 0644 "$entry"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
echo "Installed the menu entry: $entry"
