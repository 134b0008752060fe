#!/usr/bin/env bash
# What the tests need that npm does not bring, from Debian (as root): Chromium for the browser
# tests, PostgreSQL and Redis binaries for the tests that start their own throwaway cluster and
# server (test/helpers/services.ts). The package's default cluster is not created, and no service
# is started. Used by .ci/run and, on a fresh machine, by `npm test` (test/global-setup.ts).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)
[ -x /usr/bin/redis-server ] || need+=(redis-server)
[ ${#need[@]} -gt 0 ] || exit 0
echo "Installing Debian packages for the tests: ${need[*]}"
mkdir -p /etc/postgresql-common
echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf
# No service starts during the install (the usual policy-rc.d of build containers).
own_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
if [ "$own_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
