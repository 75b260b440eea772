#!/usr/bin/env bash
# Install the Debian packages baocao needs, only those that are missing (idempotent).
set -euo pipefail
need=()
command -v make >/dev/null 2>&1 || need+=(make)
command -v python3 >/dev/null 2>&1 || need+=(python3)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv python3-pip)
# the PDF reader's compiled character loop (extract/pdf/_chars.c) is built at install: a C
# compiler and the headers of the python3 that builds the venv
command -v cc >/dev/null 2>&1 || need+=(gcc libc6-dev)
python3 -c "import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" \
  >/dev/null 2>&1 || need+=(python3-dev)
# OCR of scanned reports: tesseract with its Vietnamese data (English and OSD come with it)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; } || need+=(tesseract-ocr-vie)
# legacy Word (.doc), .rtf, .odt and .xls go through LibreOffice headless (extract/office.py)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
# browser tests of `baocao review` and the look at `baocao report`: Debian's Chromium, driven by Playwright
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# fonts with Vietnamese glyphs for page images and LibreOffice conversions
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing Debian packages: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
