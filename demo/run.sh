#!/usr/bin/env bash
# Build the demo archive from the bundled sample documents, then show search, verify and a bag.
set -euo pipefail
cd "$(dirname "$0")/.."

# OCR of the photographed notice needs Tesseract, the sample PDFs the DejaVu fonts.
bash scripts/system-packages.sh demo

home="${1:-demo/docket-data}"
docket=".venv/bin/docket"
build="demo/.build"

rm -rf "$home" "$build"
mkdir -p "$build"
export DOCKET_HOME="$home" DOCKET_ACTOR="demo"
unset DOCKET_DATABASE_URL

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Create the archive"
"$docket" init

step "Name a witness: every new checkpoint is also written there (in real use: other media)"
mkdir -p "$build/witness"
"$docket" witness add folder "$build/witness"

step "Generate the binary samples (PDF, DOCX, JPEG, ZIP)"
.venv/bin/python demo/make_binary_samples.py "$build/samples"

step "Ingest a witness testimony as confidential, then all the sample documents"
"$docket" ingest demo/samples/en-testimony-tb-w-07-confidential.txt \
  --confidentiality confidential --collected-by "Demo documenter" --note "witness TB-W-07"
"$docket" ingest demo/samples "$build/samples" \
  --collected-by "Demo documenter" --source-url "https://example.org/altyn-tash" || true

step "Ingest the same folder again: nothing is duplicated, each file is 'seen again'"
"$docket" ingest demo/samples --collected-by "Second documenter" >/dev/null 2>&1 || true
echo "items stay the same; each got a 'seen again' custody entry"

step "Search across scripts: a Cyrillic query finds Latin spellings"
"$docket" search "Атамбаев" --limit 5

step "Search: one spelling finds Zhunushaliev, Dzhunushaliev and Джунушалиев"
"$docket" search "Junushaliev" --limit 5

step "Show the first item"
"$docket" show 1 --text-limit 400

step "Verify every original, working copy and custody entry"
"$docket" verify

step "Print a signed checkpoint to keep outside the archive"
"$docket" checkpoint --output "$build/checkpoint.txt"
"$docket" verify --against "$build/checkpoint.txt"

step "Export an evidence package and check it without the archive"
"$docket" export bag "$build/bag" --query "Атамбаев"
"$docket" verify-bag "$build/bag"

step "Add records: who did what to whom, each fact citing the sample documents"
.venv/bin/python demo/make_records.py
"$docket" record list --type act

step "Read every item: people, places, dates, counts and acts become proposals for review"
"$docket" propose --all

step "Create a demo account for the web workspace"
password="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(12))')"
printf '%s\n' "$password" | "$docket" user add demo --role editor --display-name "Demo documenter" --password-stdin

printf '\nDemo archive: %s  (try: DOCKET_HOME=%s %s search "Japarov")\n' "$home" "$home" "$docket"
printf '\n\033[1mOpen http://127.0.0.1:%s/ and sign in as "demo" with password %s\033[0m\n' "${DOCKET_PORT:-8000}" "$password"
printf 'That account is an editor without two-factor sign-in; admins must set it up.\n\n'
exec "$docket" serve --host 127.0.0.1 --port "${DOCKET_PORT:-8000}"
