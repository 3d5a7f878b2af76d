#!/usr/bin/env bash
# Installs what the tests need from Debian when it is missing: a real IMAP server and a real browser.
set -euo pipefail
need=()
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# Scanned PDF pages are rasterized with poppler. OCR models (English, Hebrew) come from npm packages.
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# Only the OCR benchmark (its baseline) and the invoice fixture generator run the native tesseract CLI.
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
if [ ${#need[@]} -gt 0 ]; then
  echo "tests/setup.sh: installing ${need[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Debian starts the system Dovecot on install; the tests run their own instances.
if pgrep -x dovecot >/dev/null 2>&1 && [ -f /run/dovecot/master.pid ]; then
  (service dovecot stop || kill "$(cat /run/dovecot/master.pid)") >/dev/null 2>&1 || true
fi
exit 0
