#!/usr/bin/env bash
# Install the Debian packages baocao needs, only those that are missing (idempotent).
set -euo pipefail
need=()
command -v make >/dev/null 2>&1 || need+=(make)
command -v python3 >/dev/null 2>&1 || need+=(python3)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv python3-pip)
# OCR of scanned reports: tesseract with its Vietnamese data (English and OSD come with it)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; } || need+=(tesseract-ocr-vie)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing Debian packages: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi
