#!/usr/bin/env bash
# Debian/Ubuntu packages for static chart export: Chromium (kaleido drives it) and Noto fonts
# (Georgian glyphs); LibreOffice (Writer, Calc, Impress) and poppler-utils, with which the test suite
# converts the briefs, tables.xlsx and the chart decks to PDF and renders the pages to PNG.
# Idempotent; as root it installs what is missing, otherwise it says in one line what to install
# and lets the rest of the pipeline run (figures then export as HTML only).
set -u
need=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
  || command -v google-chrome >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans Georgian" || [ -f /usr/share/fonts/truetype/noto/NotoSansGeorgian-Regular.ttf ] \
  || need+=(fonts-noto-core)
lo=/usr/lib/libreoffice/program   # Writer, Calc and Impress each bring one library
command -v soffice >/dev/null 2>&1 && [ -e $lo/libswlo.so ] && [ -e $lo/libsclo.so ] \
  && [ -e $lo/libsdlo.so ] || need+=(libreoffice-writer libreoffice-calc libreoffice-impress)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages for chart export: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    && exit 0
  echo "warning: apt-get could not install ${need[*]}; static chart export (PNG/PDF/SVG) will be skipped" >&2
  exit 1
fi
echo "note: for PNG/PDF/SVG charts and the office-suite tests install ${need[*]} (sudo apt-get install ${need[*]}); everything else runs without them" >&2
exit 1
