#!/usr/bin/env bash
# The browser tests drive Debian's Chromium with a CJK font (Playwright never downloads a browser here).
# `make test` runs this first; it installs them once, quietly, and does nothing when they are present.
set -euo pipefail
if command -v chromium >/dev/null && fc-list :lang=zh 2>/dev/null | grep -q .; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "The browser tests need Debian's chromium and fonts-wqy-microhei:" >&2
  echo "  sudo apt-get install -y chromium fonts-wqy-microhei" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei >/dev/null
