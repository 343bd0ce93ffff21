#!/usr/bin/env bash
# Load benchmark (see bench/README.md). Seeds a large contest into SQLite and
# PostgreSQL, starts the release build on each, and measures fourteen pages with
# wrk at 64 connections, beside a trivial actix-web handler as the ceiling.
#
#   bench/run.sh                 # both databases
#   bench/run.sh sqlite          # one of them
#   BENCH_DURATION=30s bench/run.sh
#
# Results go to bench/results/<database>.md (and are printed).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${BENCH_DURATION:-15s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
PG_URL="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
PORT="${BENCH_PORT:-18080}"
CEILING_PORT="${BENCH_CEILING_PORT:-18099}"
DATABASES=("$@")
[ ${#DATABASES[@]} -eq 0 ] && DATABASES=(sqlite postgres)

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package)"
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -q >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
fi

cargo build --release --bin contest-portal --example bench-seed --example bench-ceiling --example bench-cards
BIN=target/release/contest-portal
SEED=target/release/examples/bench-seed
CEILING=target/release/examples/bench-ceiling
CARDS=target/release/examples/bench-cards

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "${PG_DB:-}" ] && psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

json() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

now_ms() { date +%s%3N; }

# The server's peak resident memory so far (VmHWM), in MiB: pages run in
# order, so each line shows the peak up to and including that page.
peak_mib() { awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

# wrk against one URL; prints "rps|p50|p99|errors".
measure() {
  local url="$1" cookie="${2:-}" out
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency --timeout 10s)
  [ -n "$cookie" ] && args+=(-H "Cookie: cp_session=$cookie")
  out="$(wrk "${args[@]}" "$url")"
  echo "$out" >>"$WORK/wrk.log"
  python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def ms(v):
    n, unit = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
errors = 0
m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
if m: errors += int(m.group(1))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
if m: errors += sum(int(x) for x in m.groups())
print(f"{rps:.0f}|{p50:.1f}|{p99:.1f}|{errors}")
PY
}

wait_ready() {
  local url="$1"
  for _ in $(seq 1 2000); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.005
  done
  echo "server did not answer $url" >&2
  return 1
}

# The ceiling: a trivial actix-web handler on this machine, measured once.
"$CEILING" "127.0.0.1:$CEILING_PORT" &
SERVER_PID=$!
wait_ready "http://127.0.0.1:$CEILING_PORT/"
# (Through a file, so that a failing wrk stops the script under set -e.)
measure "http://127.0.0.1:$CEILING_PORT/" >"$WORK/measure.txt"
IFS='|' read -r CEIL_RPS CEIL_P50 CEIL_P99 CEIL_ERR <"$WORK/measure.txt"
CEIL_MIB="$(peak_mib "$SERVER_PID")"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
echo "ceiling: $CEIL_RPS req/s, p50 $CEIL_P50 ms, p99 $CEIL_P99 ms"

mkdir -p bench/results
for DB in "${DATABASES[@]}"; do
  case "$DB" in
    sqlite) URL="sqlite://$WORK/portal.db" ;;
    postgres)
      PG_DB="bench_$$"
      psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
      psql "$PG_URL" -qc "CREATE DATABASE $PG_DB" >/dev/null
      URL="$(python3 -c 'import sys; from urllib.parse import urlsplit, urlunsplit; u = urlsplit(sys.argv[1]); print(urlunsplit((u.scheme, u.netloc, "/" + sys.argv[2], u.query, "")))' "$PG_URL" "$PG_DB")"
      ;;
    *) echo "unknown database $DB (sqlite or postgres)" >&2; exit 2 ;;
  esac
  echo "== $DB: seeding"
  "$SEED" "$URL" >"$WORK/seed.json"
  SEED_S="$(json "$WORK/seed.json" seed_seconds)"
  RANK_MS="$(json "$WORK/seed.json" ranking_recompute_ms_median)"
  RANKED="$(json "$WORK/seed.json" ranking_entries)"
  YEAR="$(json "$WORK/seed.json" contest_year)"
  CONTEST="$(json "$WORK/seed.json" contest_id)"
  TRACK="$(json "$WORK/seed.json" track_id)"
  TEAM="$(json "$WORK/seed.json" team_id)"
  TEAM_COOKIE="$(json "$WORK/seed.json" team_cookie)"
  JUDGE_COOKIE="$(json "$WORK/seed.json" judge_cookie)"
  ORG_COOKIE="$(json "$WORK/seed.json" organiser_cookie)"
  UNIT_COOKIE="$(json "$WORK/seed.json" unit_cookie)"

  # Cold start: process start to the first 200 from /readyz (which asks the
  # database), on the seeded database; background jobs off, nothing online.
  START="$(now_ms)"
  DATABASE_URL="$URL" DATA_DIR="$WORK/data" BIND="127.0.0.1:$PORT" \
    SECRET_KEY="bench-secret-key-0123456789abcdef0123456789" RUN_JOBS=false \
    RUST_LOG=warn "$BIN" serve >"$WORK/server-$DB.log" 2>&1 &
  SERVER_PID=$!
  wait_ready "http://127.0.0.1:$PORT/readyz"
  COLD_MS=$(( $(now_ms) - START ))
  echo "cold start: ${COLD_MS} ms"

  BASE="http://127.0.0.1:$PORT"
  Q="%E5%8B%9E%E5%B7%A5%E4%BF%9D%E9%9A%AA" # 勞工保險
  PAGES=(
    "Home page|$BASE/|"
    "Catalogue search (勞工保險)|$BASE/catalog?q=$Q|"
    "Public results (track page)|$BASE/contests/$YEAR/tracks/$TRACK|"
    "Data-request board|$BASE/requests|"
    "Open-data documentation|$BASE/open-data|"
    "Open data: results CSV|$BASE/open-data/results.csv|"
    "Open data: results JSON|$BASE/open-data/results.json|"
    "Open data: requests CSV (2,000 requests)|$BASE/open-data/requests.csv|"
    "Open data: requests JSON (2,000 requests)|$BASE/open-data/requests.json|"
    "Open data: board Atom feed|$BASE/open-data/requests.atom|"
    "Team page (signed in)|$BASE/teams/$TEAM|$TEAM_COOKIE"
    "Judge's dashboard|$BASE/judge|$JUDGE_COOKIE"
    "Organiser's ranking (5,000 entries)|$BASE/organise/tracks/$TRACK/ranking|$ORG_COOKIE"
    "Impact ledger (organiser, every dataset)|$BASE/ledger|$ORG_COOKIE"
    "Impact ledger (unit reviewer, 勞保局)|$BASE/ledger|$UNIT_COOKIE"
    "Impact ledger CSV (every line)|$BASE/ledger.csv|$ORG_COOKIE"
    "Impact ledger Excel (every line)|$BASE/ledger.xlsx|$ORG_COOKIE"
    "Teammate finder (2,000 cards, signed in)|$BASE/contests/$YEAR/finder|$TEAM_COOKIE"
    "Outreach campaigns and funnel (organiser)|$BASE/organise/contests/$CONTEST/outreach|$ORG_COOKIE"
    "Outreach funnel CSV|$BASE/organise/contests/$CONTEST/outreach.csv|$ORG_COOKIE"
    "Office closures (organiser)|$BASE/organise/calendar/closures|$ORG_COOKIE"
    "Winners' sharing sessions (organiser)|$BASE/organise/contests/$CONTEST/sharing|$ORG_COOKIE"
    "Advisory-group pack (organiser, two years)|$BASE/organise/contests/$CONTEST/pack|$ORG_COOKIE"
    "Advisory-group pack Excel|$BASE/organise/contests/$CONTEST/pack.xlsx|$ORG_COOKIE"
  )
  REPORT="bench/results/$DB.md"
  {
    echo "### $DB"
    echo
    echo "Measured $(date -u +%Y-%m-%d) with wrk, $THREADS threads, $CONNECTIONS connections, $DURATION per page, on $(nproc) cores."
    echo "Seeded in ${SEED_S%.*} s. Cold start ${COLD_MS} ms. Ranking recompute of ${RANKED} entries: ${RANK_MS%.*} ms (median of 5)."
    echo
    echo "| Page | req/s | share of ceiling | p50 ms | p99 ms | errors | server peak MiB |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    echo "| Trivial actix-web handler (ceiling) | $CEIL_RPS | 100 % | $CEIL_P50 | $CEIL_P99 | $CEIL_ERR | $CEIL_MIB |"
  } >"$REPORT"
  for page in "${PAGES[@]}"; do
    IFS='|' read -r NAME URL_ COOKIE <<<"$page"
    STATUS="$(curl -s -o /dev/null -w '%{http_code}' ${COOKIE:+-H "Cookie: cp_session=$COOKIE"} "$URL_")"
    if [ "$STATUS" != 200 ]; then
      echo "$NAME answered $STATUS, not 200: $URL_" >&2
      exit 1
    fi
    measure "$URL_" "$COOKIE" >"$WORK/measure.txt"
    IFS='|' read -r RPS P50 P99 ERR <"$WORK/measure.txt"
    SHARE="$(python3 -c "print(f'{100*$RPS/$CEIL_RPS:.1f} %')")"
    MIB="$(peak_mib "$SERVER_PID")"
    echo "| $NAME | $RPS | $SHARE | $P50 | $P99 | $ERR | $MIB |" >>"$REPORT"
    echo "$NAME: $RPS req/s, p50 $P50 ms, p99 $P99 ms, errors $ERR"
  done
  {
    echo
    echo "Server peak resident memory: $(peak_mib "$SERVER_PID") MiB."
    echo
  } >>"$REPORT"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  if [ "$DB" = postgres ]; then
    psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
    PG_DB=""
  fi
  rm -rf "$WORK/data" "$WORK"/portal.db*

  # Fitness cards: 1,000 read from a local server into a scratch database
  # (time and the reading process's peak memory; see bench/cards.rs).
  case "$DB" in
    sqlite) CARDS_URL="sqlite://$WORK/cards.db" ;;
    postgres)
      PG_DB="bench_cards_$$"
      psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
      psql "$PG_URL" -qc "CREATE DATABASE $PG_DB" >/dev/null
      CARDS_URL="${URL%/*}/$PG_DB"
      ;;
  esac
  "$CARDS" "$CARDS_URL" 1000 >"$WORK/cards.json"
  {
    echo "Fitness cards: $(json "$WORK/cards.json" cards) refreshed from a local server in $(json "$WORK/cards.json" seconds) s" \
      "($(json "$WORK/cards.json" read) read, $(json "$WORK/cards.json" failed) refused or timed out as planned)," \
      "peak memory $(json "$WORK/cards.json" peak_mib) MiB."
    echo
  } >>"$REPORT"
  if [ "$DB" = postgres ]; then
    psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
    PG_DB=""
  fi
  rm -f "$WORK"/cards.db*
  cat "$REPORT"
done
