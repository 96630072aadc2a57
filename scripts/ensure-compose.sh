#!/bin/sh
# The container test validates docker-compose.yml with `docker-compose config -q` (no Docker
# engine needed). Install Debian's docker-compose when we can (root); otherwise say how.
if command -v docker-compose >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's docker-compose to validate docker-compose.yml..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
    command -v docker-compose >/dev/null 2>&1 && exit 0
fi
echo "No docker-compose: the compose validation test will be skipped." \
     "Install it with: sudo apt-get install -y --no-install-recommends docker-compose"
if [ "${CI:-}" = "true" ]; then echo "CI=true: a missing docker-compose is a failure."; exit 1; fi
exit 0
