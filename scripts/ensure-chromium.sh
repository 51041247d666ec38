#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (never a browser downloaded by Playwright, which cannot be fetched here).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's chromium for the browser tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
else
  echo "Browser tests need Debian's chromium: sudo apt-get install chromium fonts-noto-cjk" >&2
  exit 1
fi
