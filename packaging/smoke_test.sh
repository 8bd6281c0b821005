#!/usr/bin/env bash
# Smoke test of the built Linux bundle, as a user would get it: from the archive, not the build
# folder, with the real (production) Argon2id parameters.
#
#   bash packaging/smoke_test.sh [dist/frontline-screening-<version>-linux-<arch>.tar.gz]
#
# 1. unpacks the archive into a temporary folder (HOME and XDG folders point there too, so
#    nothing outside it is read or written);
# 2. CLI: vault create, case new, start, the session steps, answer, case show --json, and checks
#    the answer is there, that every command exits 0 with nothing on stderr, and that the
#    database is encrypted; then (when the CLI has it) exports and verifies a referral packet;
# 3. GUI, offscreen: starts it on a new vault; passes when it is still running after
#    SMOKE_GUI_SECONDS (default 8) with nothing alarming on stderr, or exits 0 by itself;
# 4. GUI on a virtual X server (only when Xvfb and xwininfo are installed): opens the vault
#    made in step 2 and waits for a top-level window titled "Frontline Screening" to be mapped.
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

archive="${1:-}"
if [ -z "$archive" ]; then
  archive="$(ls -t dist/frontline-screening-*-linux-*.tar.gz 2>/dev/null | head -n 1 || true)"
fi
if [ -z "$archive" ] || [ ! -f "$archive" ]; then
  echo "smoke: no archive found; run bash packaging/build.sh first (or pass its path)" >&2
  exit 2
fi
gui_seconds="${SMOKE_GUI_SECONDS:-8}"
started=$(date +%s.%N)

work="$(mktemp -d "${TMPDIR:-/tmp}/frontline-smoke.XXXXXX")"
pids=()
cleanup() {
  # Only the processes this script started, by their ids.
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "smoke: FAIL: $*" >&2
  exit 1
}
step() { echo "smoke: $*"; }

step "unpacking $archive"
tar -xzf "$archive" -C "$work"
app="$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'frontline-screening*' | head -n 1)"
[ -x "$app/screening" ] || fail "no screening executable in the archive"
[ -x "$app/frontline-screening" ] || fail "no frontline-screening executable in the archive"
[ -f "$app/LICENSES/README.md" ] || fail "no LICENSES/README.md in the archive"
[ -f "$app/share/applications/frontline-screening.desktop" ] || fail "no desktop entry"
[ -f "$app/share/icons/hicolor/256x256/apps/frontline-screening.png" ] || fail "no icon"
# Every resource folder of the checkout (instruments, schemas, fonts, ...) is in the bundle.
for dir in resources/*/; do
  name="$(basename "$dir")"
  [ -d "$app/_internal/screening_tools/_resources/$name" ] || fail "resources/$name not bundled"
done
[ -d "$app/_internal/screening_tools/_translations" ] || fail "translations not bundled"

# A clean environment: real KDF, no vault from the caller, nothing from the caller's home.
unset FRONTLINE_TEST_CHEAP_KDF FRONTLINE_VAULT FRONTLINE_DEBUG
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" \
  XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache" \
  XDG_RUNTIME_DIR="$work/runtime"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

vault="$work/vault"
pass="$work/passphrase.txt"
(umask 077 && printf 'quiet harbour lantern seventeen oaks\n' >"$pass")

# Run one CLI command: exit 0 and an empty stderr, or fail with both shown.
cli() {
  local out="$work/out.txt" err="$work/err.txt" status=0
  "$app/screening" "$@" >"$out" 2>"$err" || status=$?
  if [ "$status" -ne 0 ] || [ -s "$err" ]; then
    echo "--- screening $* (exit $status)" >&2
    cat "$out" "$err" >&2
    fail "screening $1 ${2:-} did not exit cleanly"
  fi
  cat "$out"
}

step "CLI: vault create (production Argon2id)"
t0=$(date +%s.%N)
cli vault create --vault "$vault" --passphrase-file "$pass" >"$work/create.txt"
t1=$(date +%s.%N)
grep -q "Recovery key" "$work/create.txt" || fail "vault create printed no recovery key"
[ -f "$vault/vault.db" ] && [ -f "$vault/keyslots.json" ] || fail "vault files missing"
grep -q '"memory_kib": 65536' "$vault/keyslots.json" || fail "key slot is not Argon2id 64 MiB"
if head -c 16 "$vault/vault.db" | grep -qa "SQLite format"; then
  fail "vault.db has a plain SQLite header: not encrypted"
fi
[ "$(stat -c %a "$vault")" = 700 ] || fail "vault folder is not owner-only"

step "CLI: case new, start, session steps, answer, case show"
ref="$(cli case new --vault "$vault" --passphrase-file "$pass")"
[[ "$ref" =~ ^FS-[A-Z0-9]{4}-[A-Z0-9]{4}$ ]] || fail "unexpected case reference '$ref'"
sid="$(cli start --vault "$vault" --passphrase-file "$pass" --case "$ref")"
[[ "$sid" =~ ^[0-9]+$ ]] || fail "unexpected screening id '$sid'"
# Newer versions gate the questions behind the session steps (safety check, confidentiality
# script, interpreter, agreement to notes): walk through them when the command has them.
if "$app/screening" session --help >/dev/null 2>&1; then
  cli session safety --vault "$vault" --passphrase-file "$pass" --screening "$sid" \
    --safe-to-talk yes --in-crisis no --in-control yes >/dev/null
  cli session script --vault "$vault" --passphrase-file "$pass" --screening "$sid" >/dev/null
  cli session interpreter --vault "$vault" --passphrase-file "$pass" --screening "$sid" \
    --type not_needed >/dev/null
  cli session notes-agreement --vault "$vault" --passphrase-file "$pass" --screening "$sid" \
    --agreed yes >/dev/null
fi
# The first item of the bundled instrument, taken from the screening's own summary.
cli summary --vault "$vault" --passphrase-file "$pass" --screening "$sid" --json >"$work/summary.json"
item="$(grep -A1 '"not_assessed": \[' "$work/summary.json" | sed -n '2s/[ ",]//gp')"
[ -n "$item" ] || fail "no item id found in the summary"
cli answer --vault "$vault" --passphrase-file "$pass" --screening "$sid" --item "$item" \
  --state observed >/dev/null
cli case show --vault "$vault" --passphrase-file "$pass" --case "$ref" --json >"$work/case.json"
if command -v python3 >/dev/null 2>&1; then
  python3 - "$work/case.json" "$sid" "$item" <<'EOF' || fail "case show does not hold the answer"
import json, sys
case = json.load(open(sys.argv[1], encoding="utf-8"))
screening = next(s for s in case["screenings"] if s["id"] == int(sys.argv[2]))
assert screening["answers"][sys.argv[3]]["state"] == "observed", screening["answers"]
EOF
else
  tr -d ' \n' <"$work/case.json" | grep -q "\"$item\":{\"state\":\"observed\"" ||
    fail "case show does not hold the answer"
fi
echo "smoke:   case $ref, screening $sid, $item = observed"
# Translations (when the CLI has the check): every locale folder is found and read.
if "$app/screening" i18n --help >/dev/null 2>&1; then
  step "CLI: i18n check (catalogues found in the bundle)"
  "$app/screening" i18n check >"$work/i18n.txt" 2>&1 || true # non-zero while drafts are incomplete
  grep -q "Traceback" "$work/i18n.txt" && { cat "$work/i18n.txt" >&2; fail "i18n check crashed"; }
  for dir in translations/*/LC_MESSAGES; do
    code="$(basename "$(dirname "$dir")")"
    grep -q "^$code " "$work/i18n.txt" || { cat "$work/i18n.txt" >&2; fail "locale $code missing"; }
  done
  echo "smoke:   $(grep -c '%' "$work/i18n.txt") locales read"
fi
# Referral packet (when the CLI has it): exercises ReportLab with the bundled fonts, the
# jurisdiction packs, signing and the packet schema inside the frozen app.
if "$app/screening" packet --help >/dev/null 2>&1; then
  step "CLI: organisation, age, consent, packet export and verify"
  cli organisation --vault "$vault" --passphrase-file "$pass" --name "Smoke test" \
    --contact "+44 20 0000 0000" --jurisdiction uk-ew >/dev/null
  cli age --vault "$vault" --passphrase-file "$pass" --case "$ref" --status adult >/dev/null
  cli consent record --vault "$vault" --passphrase-file "$pass" --case "$ref" --decision given \
    --method verbal --language en --interpreter not_needed --categories identity,indicators \
    --recipients uk-local-support-service >/dev/null
  cli packet export --vault "$vault" --passphrase-file "$pass" --case "$ref" \
    --recipient uk-local-support-service --out "$work/packet.bin" >/dev/null
  # (verify prints its verdict on stderr, so only the exit status counts here)
  "$app/screening" packet verify "$work/packet.bin" >"$work/verify.txt" 2>&1 ||
    { cat "$work/verify.txt" >&2; fail "packet verify failed"; }
  grep -q "referral.pdf format: a PDF document" "$work/verify.txt" || fail "packet PDF not valid"
  echo "smoke:   packet $(du -k "$work/packet.bin" | cut -f1) KB, $(grep -c '^ok' "$work/verify.txt") checks ok"
fi
printf 'wrong passphrase\n' >"$work/wrong.txt"
if "$app/screening" case list --vault "$vault" --passphrase-file "$work/wrong.txt" \
  >/dev/null 2>"$work/err.txt"; then
  fail "a wrong passphrase opened the vault"
fi
grep -q "Traceback" "$work/err.txt" && fail "a traceback reached the user"

# What on stderr means the GUI did not really start (missing plugin, library, module).
alarming='Traceback|unexpected|Could not (load|find)|cannot open shared object|ModuleNotFoundError|ImportError|Aborted|core dumped'

step "GUI: offscreen start on a new vault (${gui_seconds} s)"
QT_QPA_PLATFORM=offscreen "$app/frontline-screening" --vault "$work/vault-gui" \
  >"$work/gui.out" 2>"$work/gui.err" &
gui=$!
pids+=("$gui")
status=running
for _ in $(seq 1 $((gui_seconds * 10))); do
  if ! kill -0 "$gui" 2>/dev/null; then
    status=0
    wait "$gui" || status=$?
    break
  fi
  sleep 0.1
done
if [ "$status" = running ]; then
  kill "$gui" 2>/dev/null || true
  wait "$gui" 2>/dev/null || true
  echo "smoke:   still running after ${gui_seconds} s: started"
elif [ "$status" -ne 0 ]; then
  cat "$work/gui.err" >&2
  fail "the GUI exited with status $status"
else
  echo "smoke:   exited 0 by itself"
fi
if grep -Eq "$alarming" "$work/gui.err"; then
  cat "$work/gui.err" >&2
  fail "the GUI reported errors on stderr"
fi

if command -v Xvfb >/dev/null 2>&1 && command -v xwininfo >/dev/null 2>&1; then
  step "GUI: on a virtual X server (Xvfb), waiting for the unlock window"
  # -displayfd: Xvfb picks a free display number and writes it to fd 3 once it is ready.
  Xvfb -displayfd 3 -nolisten tcp -screen 0 1280x800x24 3>"$work/display" >"$work/xvfb.log" 2>&1 &
  xvfb=$!
  pids+=("$xvfb")
  display=""
  for _ in $(seq 1 100); do
    display="$(tr -dc 0-9 <"$work/display" 2>/dev/null || true)"
    [ -n "$display" ] && break
    sleep 0.1
  done
  [ -n "$display" ] || fail "Xvfb did not start"
  DISPLAY=":$display" QT_QPA_PLATFORM=xcb "$app/frontline-screening" --vault "$vault" \
    >"$work/gui-x.out" 2>"$work/gui-x.err" &
  gui=$!
  pids+=("$gui")
  shown=""
  for _ in $(seq 1 $((gui_seconds * 10))); do
    kill -0 "$gui" 2>/dev/null || break
    if DISPLAY=":$display" xwininfo -root -tree 2>/dev/null | grep -q '"Frontline Screening'; then
      shown=yes
      break
    fi
    sleep 0.1
  done
  if [ -z "$shown" ]; then
    cat "$work/gui-x.err" >&2
    fail "no Frontline Screening window appeared on the X server"
  fi
  echo "smoke:   window mapped: $(DISPLAY=":$display" xwininfo -root -tree |
    grep -o '"Frontline Screening[^"]*"' | head -n 1)"
  if grep -Eq "$alarming" "$work/gui-x.err"; then
    cat "$work/gui-x.err" >&2
    fail "the GUI reported errors on stderr under X"
  fi
else
  step "GUI under X skipped (Xvfb or xwininfo not installed)"
fi

awk -v s="$started" -v a="$t0" -v b="$t1" -v e="$(date +%s.%N)" 'BEGIN {
  printf "smoke: PASS in %.1f s (vault create with the real KDF: %.2f s)\n", e - s, b - a }'
