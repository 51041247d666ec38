#!/usr/bin/env bash
# The Debian packages the tests need: chromium for the browser tests (never a browser downloaded by Playwright, which
# cannot be fetched here) and fonts-noto-cjk for it to draw Chinese; LibreOffice's writer for old Word (.doc) and WPS
# files, which it converts to .docx; libgl1 and libglib2.0-0, which OpenCV (under the OCR engine) loads.
set -euo pipefail
browser=()
office=()
[ -x /usr/bin/chromium ] || browser=(chromium fonts-noto-cjk)
command -v soffice >/dev/null || office=(libreoffice-writer-nogui)
ldconfig -p | grep -q 'libGL.so.1 ' || office+=(libgl1)
ldconfig -p | grep -q 'libgthread-2.0.so.0 ' || office+=(libglib2.0-0)
if [ ${#browser[@]} = 0 ] && [ ${#office[@]} = 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "The tests need Debian's ${browser[*]} ${office[*]}: sudo apt-get install ${browser[*]} ${office[*]}" >&2
  exit 1
fi
echo "Installing Debian's ${browser[*]} ${office[*]} for the tests…"
apt-get update -qq
if [ ${#browser[@]} != 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${browser[@]}" >/dev/null; fi
if [ ${#office[@]} != 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${office[@]}" >/dev/null
fi
