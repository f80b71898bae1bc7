#!/usr/bin/env bash
# Ensure Debian's Chromium is installed at /usr/bin/chromium (used by browser tests
# and PDF output through Playwright with executable_path). Never downloads a
# Playwright-managed browser.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

echo "ensure-browser: $CHROMIUM is missing; installing Debian package 'chromium'..." >&2

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo -n"
    else
        echo "ensure-browser: ERROR: not root and sudo is not available." >&2
        echo "ensure-browser: install it by hand: apt-get update && apt-get install -y chromium" >&2
        exit 1
    fi
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-browser: ERROR: apt-get not found; install Chromium so that $CHROMIUM exists." >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get update -q >&2; then
    echo "ensure-browser: ERROR: 'apt-get update' failed." >&2
    exit 1
fi
if ! $SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >&2; then
    echo "ensure-browser: ERROR: 'apt-get install chromium' failed." >&2
    exit 1
fi

if [ ! -x "$CHROMIUM" ]; then
    echo "ensure-browser: ERROR: chromium installed but $CHROMIUM is still missing." >&2
    exit 1
fi
echo "ensure-browser: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)" >&2
