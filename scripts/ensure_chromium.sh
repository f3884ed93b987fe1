#!/usr/bin/env bash
# Install Debian's headless Chromium for the browser test when it is missing (needs root or sudo).
set -u
if command -v chromium >/dev/null 2>&1; then exit 0; fi
SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
echo "Installing chromium for the browser test..."
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null; }; then
  echo "warning: could not install chromium; the browser test will be skipped" >&2
fi
exit 0
