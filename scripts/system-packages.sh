#!/usr/bin/env bash
# The Debian packages that `make demo` and `make test` need besides Python: Tesseract with its
# English, Russian and Kyrgyz data (OCR of images), DejaVu fonts (sample PDFs and reports), Pango
# and HarfBuzz's subsetter (WeasyPrint lays out PDF reports with them and subsets their fonts),
# restic and the PostgreSQL client tools (backups) and, for the test suite only, Chromium (the
# browser tests drive Debian's build; none is ever downloaded), poppler-utils (the report tests
# read PDFs back with pdftotext and pdffonts) and openssh-server (the backup tests run an SSH
# server of their own to back up over SFTP).
#
#   scripts/system-packages.sh [--check] [demo|test]     (default: test)
#
# Whatever is present is left alone, without calling apt. As root the missing packages are
# installed (one `apt-get update`, then one `apt-get install -y`); as anyone else the script stops
# with the exact command to run. --check only lists what is missing: exit 0 when nothing is.
set -euo pipefail

check_only=0
purpose=test
for argument in "$@"; do
  case "$argument" in
    --check) check_only=1 ;;
    demo | test) purpose="$argument" ;;
    *)
      echo "usage: $0 [--check] [demo|test]" >&2
      exit 2
      ;;
  esac
done

FONTS=/usr/share/fonts/truetype/dejavu

# Fills `missing` with the Debian names of what is absent.
find_missing() {
  missing=()
  # Tesseract is asked which languages it has, so data installed some other way counts too.
  local languages=" " line language
  if command -v tesseract >/dev/null 2>&1; then
    while read -r line; do
      languages+="$line "
    done < <(tesseract --list-langs 2>/dev/null || true)
  else
    missing+=(tesseract-ocr)
  fi
  for language in eng rus kir; do
    [[ "$languages" == *" $language "* ]] || missing+=("tesseract-ocr-$language")
  done
  [[ -f "$FONTS/DejaVuSans.ttf" && -f "$FONTS/DejaVuSans-Bold.ttf" && -f "$FONTS/DejaVuSerif.ttf" &&
    -f "$FONTS/DejaVuSansMono.ttf" ]] || missing+=(fonts-dejavu-core)
  # `docket backup` and `docket restore` drive restic; on PostgreSQL, pg_dump and pg_restore.
  command -v restic >/dev/null 2>&1 || missing+=(restic)
  command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)
  # Libraries answer to no command: they are looked for where Debian puts them, any architecture.
  compgen -G "/usr/lib/*/libpango-1.0.so.0" >/dev/null || missing+=(libpango-1.0-0)
  compgen -G "/usr/lib/*/libpangoft2-1.0.so.0" >/dev/null || missing+=(libpangoft2-1.0-0)
  # WeasyPrint subsets the fonts it embeds with HarfBuzz's subsetter (a separate library in
  # Debian); without it, it warns at import, which the test suite treats as an error.
  compgen -G "/usr/lib/*/libharfbuzz-subset.so.0" >/dev/null || missing+=(libharfbuzz-subset0)
  if [[ "$purpose" == test ]]; then
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    command -v sshd >/dev/null 2>&1 || missing+=(openssh-server)
  fi
}

find_missing
if [[ ${#missing[@]} -eq 0 ]]; then
  [[ $check_only -eq 1 ]] && echo "system packages for $purpose: all present"
  exit 0
fi

if [[ $check_only -eq 1 ]]; then
  echo "system packages for $purpose missing: ${missing[*]}"
  exit 1
fi

if [[ $EUID -ne 0 ]]; then
  echo "missing system packages for make $purpose; install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "missing system packages for make $purpose (Debian names): ${missing[*]}; apt-get is not available to install them" >&2
  exit 1
fi

echo "installing system packages for make $purpose: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}"

# A package that installed but still does not answer (another PATH, a broken mirror) must not
# surface later as dozens of confusing test failures.
find_missing
if [[ ${#missing[@]} -ne 0 ]]; then
  echo "still missing after apt-get install: ${missing[*]}" >&2
  exit 1
fi
