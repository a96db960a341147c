#!/usr/bin/env bash
# Set up axocr for development on a fresh Debian/Ubuntu machine with Python 3.11 and pip.
#   - system packages (only for optional parts): chromium (headless, for the review
#     workbench tests: Playwright drives it and never downloads a browser), poppler-utils
#     (pdf2image rasteriser), Tesseract 5 with jpn/deu/fra/nld data (optional engine and
#     benchmark baseline), IPAex fonts (the Japanese fixtures generator), qpdf (inspecting test PDFs)
#   - a virtual environment in .venv with axocr and its dev extras (PyPI only)
# Nothing here, and nothing at run time, downloads models: RapidOCR's wheel carries them.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="chromium poppler-utils tesseract-ocr tesseract-ocr-jpn tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-nld fonts-ipaexfont-gothic fonts-ipaexfont-mincho"
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  if ! dpkg -s $APT_PACKAGES >/dev/null 2>&1; then
    $SUDO apt-get update -qq || echo "setup: apt-get update failed; optional parts may be skipped" >&2
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $APT_PACKAGES >/dev/null \
      || echo "setup: could not install $APT_PACKAGES; tests of optional parts will skip" >&2
  fi
else
  echo "setup: no apt-get; install poppler, tesseract and IPAex fonts yourself for the optional parts" >&2
fi

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
echo "setup: done. Activate with: . .venv/bin/activate"
