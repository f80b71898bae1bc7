#!/usr/bin/env bash
# Ensure Debian's Chromium is installed at /usr/bin/chromium (used by browser tests
# and PDF output through Playwright with executable_path), with the fonts the charts
# are measured for (Liberation Sans; see followup/charts.py). Never downloads a
# Playwright-managed browser.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

have_chart_font() {
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list 'Liberation Sans' 2>/dev/null)" ]
}

if [ -x "$CHROMIUM" ] && have_chart_font; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo -n"
    elif [ -x "$CHROMIUM" ]; then
        echo "ensure-browser: warning: Liberation Sans is not installed (charts in screenshots and PDFs" >&2
        echo "ensure-browser: are drawn with a wider fallback font); apt-get install fonts-liberation2" >&2
        exit 0
    else
        echo "ensure-browser: ERROR: not root and sudo is not available." >&2
        echo "ensure-browser: install it by hand: apt-get update && apt-get install -y chromium fonts-liberation2" >&2
        exit 1
    fi
fi

if ! command -v apt-get >/dev/null 2>&1; then
    if [ -x "$CHROMIUM" ]; then
        echo "ensure-browser: warning: Liberation Sans is not installed and apt-get is missing." >&2
        exit 0
    fi
    echo "ensure-browser: ERROR: apt-get not found; install Chromium so that $CHROMIUM exists." >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
install() {
    $SUDO apt-get install -y -q --no-install-recommends "$@" >&2 \
        || { $SUDO apt-get update -q >&2 && $SUDO apt-get install -y -q --no-install-recommends "$@" >&2; }
}

if [ ! -x "$CHROMIUM" ]; then
    echo "ensure-browser: $CHROMIUM is missing; installing Debian packages 'chromium' and fonts..." >&2
    if ! install chromium fonts-dejavu-core fonts-liberation2; then
        echo "ensure-browser: ERROR: 'apt-get install chromium' failed." >&2
        exit 1
    fi
    if [ ! -x "$CHROMIUM" ]; then
        echo "ensure-browser: ERROR: chromium installed but $CHROMIUM is still missing." >&2
        exit 1
    fi
    echo "ensure-browser: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)" >&2
elif ! have_chart_font; then
    echo "ensure-browser: installing Debian package 'fonts-liberation2' (the charts' font)..." >&2
    install fonts-liberation2 || echo "ensure-browser: warning: could not install fonts-liberation2." >&2
fi
