#!/bin/sh
# Browser tests need Debian's chromium. Install it when we can (root); otherwise say how.
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
    [ -x /usr/bin/chromium ] && exit 0
fi
echo "No /usr/bin/chromium: browser tests will be skipped." \
     "Install it with: sudo apt-get install -y --no-install-recommends chromium fonts-liberation"
if [ "${CI:-}" = "true" ]; then echo "CI=true: a missing browser is a failure."; exit 1; fi
exit 0
