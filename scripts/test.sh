#!/usr/bin/env bash
# Runs every test project. Installs what the tests need (Chromium, Firefox ESR, Node packages, PostgreSQL, Prometheus, coturn) when it is missing.
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# Firefox tests: firefox-esr driven by Node (puppeteer-core), inside a network namespace made with `ip`.
[ -x /usr/bin/firefox-esr ] || need_apt+=(firefox-esr)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
command -v ip >/dev/null || need_apt+=(iproute2)
command -v pg_ctlcluster >/dev/null || need_apt+=(postgresql) # tests/Api.Tests run every endpoint on a real PostgreSQL
# promtool/prometheus and coturn: the operations tests (tests/Sfu.IntegrationTests/Operations) run the real ones.
[ -x /usr/bin/promtool ] && [ -x /usr/bin/prometheus ] || need_apt+=(prometheus)
[ -x /usr/bin/turnserver ] && [ -x /usr/bin/turnutils_uclient ] || need_apt+=(coturn)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${need_apt[@]}" >/dev/null || { echo "apt-get install failed"; echo "0 passed, 1 failed"; exit 1; }
  # The packages' own services are not wanted (the tests start theirs on free loopback ports); stop them if they started.
  if command -v systemctl >/dev/null 2>&1; then $sudo systemctl stop prometheus prometheus-node-exporter coturn >/dev/null 2>&1 || true; fi
fi

firefox_driver=tests/Sfu.IntegrationTests/Firefox
if [ ! -d "$firefox_driver/node_modules/puppeteer-core" ]; then
  echo "installing: puppeteer-core (npm ci in $firefox_driver)"
  (cd "$firefox_driver" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null) || { echo "npm ci failed in $firefox_driver"; echo "0 passed, 1 failed"; exit 1; }
fi

# PostgreSQL for tests/Api.Tests: started when down (pg_ctlcluster runs it as the postgres user; it refuses root), and
# the role the tests log in with (they create and drop a database of their own per test).
if command -v pg_ctlcluster >/dev/null; then
  pg_cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
  [ -n "$pg_cluster" ] && ! pg_lsclusters -h | awk 'NR==1' | grep -q online && pg_ctlcluster $pg_cluster start
  as_postgres="runuser -u postgres --"; [ "$(id -u)" -eq 0 ] || as_postgres="sudo -u postgres"
  $as_postgres psql -qc "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='sfu_test') THEN CREATE ROLE sfu_test LOGIN CREATEDB PASSWORD 'sfu_test'; END IF; END\$\$;" \
    || echo "warning: could not prepare PostgreSQL; the Postgres meetings tests will fail"
fi

results=$(mktemp -d)
dotnet build Sfu.sln -c Release -warnaserror 2>&1 | tail -3
build_rc=${PIPESTATUS[0]}
if [ "$build_rc" -ne 0 ]; then echo "build failed"; echo "0 passed, 1 failed"; exit 1; fi

rc=0
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  echo "=== $name"
  timeout 1200 dotnet test "$proj" -c Release --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=normal" 2>&1 | grep -vE "^\s*Passed " | grep -E "^\s*(Failed|Passed!|Failed!|Total|Error Message)|\[FAIL\]|error" | head -200
  [ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
done

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
[ "$failed" -eq 0 ] || rc=1
[ "$passed" -gt 0 ] || rc=1
echo "$passed passed, $failed failed"
exit $rc
