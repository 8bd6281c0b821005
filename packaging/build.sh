#!/usr/bin/env bash
# Build the Linux one-folder bundle with PyInstaller and pack it as a compressed archive.
#
#   bash packaging/build.sh
#
# Result: dist/frontline-screening/ (the folder) and
#         dist/frontline-screening-<version>-linux-<arch>.tar.gz (+ .sha256), the artefact.
# Environment:
#   BUILD_VENV   virtualenv to build in (default build/venv-package; created and filled with
#                the project and its `package` extra on first use; reused afterwards)
#   PYTHON       interpreter used to create that virtualenv (default python3; it must have been
#                built with a shared libpython, as distribution and python.org builds are)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
started=$(date +%s.%N)

venv="${BUILD_VENV:-build/venv-package}"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
  echo "build: creating $venv"
  "$python" -m venv "$venv"
fi
# Re-install only when pyproject.toml changed since the last install (as scripts/venv.sh does).
stamp="$venv/.installed-package-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "build: installing the project with the [package] extra into $venv"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q -e ".[package]"
  rm -f "$venv"/.installed-package-*
  touch "$stamp"
fi

if [ "$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_config_var("Py_ENABLE_SHARED") or 0)')" != 1 ]; then
  echo "build: $venv uses a Python without a shared libpython; PyInstaller needs one" >&2
  echo "       (pyenv: PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install 3.11)." >&2
  exit 1
fi

version="$("$venv/bin/python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
arch="$(uname -m)"
name="frontline-screening-${version}-linux-${arch}"

echo "build: PyInstaller (one folder, GUI + CLI)"
pyi_started=$(date +%s.%N)
# Qt must not look for a display while the spec renders the icon.
QT_QPA_PLATFORM=offscreen "$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/frontline.spec
pyi_done=$(date +%s.%N)

echo "build: archive dist/${name}.tar.gz"
rm -f "dist/${name}.tar.gz" "dist/${name}.tar.gz.sha256"
# The folder inside the archive carries the version, so two versions can sit side by side.
tar -C dist --owner=0 --group=0 --numeric-owner \
  --transform "flags=r;s,^frontline-screening,${name%-linux-*}," \
  -czf "dist/${name}.tar.gz" frontline-screening
(cd dist && sha256sum "${name}.tar.gz" >"${name}.tar.gz.sha256")
done_at=$(date +%s.%N)

folder_size=$(du -sm dist/frontline-screening | cut -f1)
archive_size=$(du -m --apparent-size "dist/${name}.tar.gz" | cut -f1)
printf 'build: folder  %s/dist/frontline-screening  %s MB\n' "$root" "$folder_size"
printf 'build: archive %s/dist/%s.tar.gz  %s MB\n' "$root" "$name" "$archive_size"
awk -v s="$started" -v a="$pyi_started" -v b="$pyi_done" -v e="$done_at" 'BEGIN {
  printf "build: time    PyInstaller %.1f s, archive %.1f s, total %.1f s\n", b - a, e - b, e - s }'
