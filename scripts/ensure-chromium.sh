#!/usr/bin/env bash
# Make sure headless Chromium (and a font with Chinese glyphs) is there for the browser tests
# of the review page (tests/test_html.py). Debian's packages only; nothing is downloaded any
# other way. Never fails the caller: where nothing can be installed (no root, no apt-get, no
# network), it says so and returns 0, and the browser tests skip with their reason.
set -u

have_chromium() {
    local name
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$name" >/dev/null 2>&1 && return 0
    done
    return 1
}

have_cjk_font() {
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ]
}

if have_chromium && have_cjk_font; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: no apt-get here; browser tests will skip" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
        SUDO="sudo -n"
    else
        echo "ensure-chromium: not root and no sudo; browser tests will skip" >&2
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO timeout 600 apt-get update -qq >/dev/null 2>&1; then
    echo "ensure-chromium: apt-get update failed; browser tests may skip" >&2
fi
packages=()
have_chromium || packages+=(chromium)
have_cjk_font || packages+=(fonts-noto-cjk)
if ! $SUDO timeout 1200 apt-get install -y -qq "${packages[@]}" >/dev/null 2>&1; then
    echo "ensure-chromium: could not install ${packages[*]}; browser tests may skip" >&2
fi
exit 0
