#!/usr/bin/env bash
# Load benchmark (see bench/README.md). Seeds a full-size contest into SQLite
# and PostgreSQL, starts the release build on each, and measures every page
# class (public pages anonymous and signed in, organiser and staff pages, every
# export) with wrk at 32 connections beside a trivial actix-web handler as the
# ceiling, then a deadline spike of 500 teams saving at once; each figure is
# shown beside its target from issue 18.
#
#   bench/run.sh                 # both databases
#   bench/run.sh sqlite          # one of them
#   BENCH_DURATION=3s bench/run.sh sqlite   # a quick check of the script
#   BENCH_ONLY='signed in|anonymous' bench/run.sh sqlite   # matching lines only
#
# Results go to bench/results/<database>.md (and are printed). A page that
# does not answer 200 is marked failed in the report, and the script exits 1
# after the run.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
# Downloads: a few at a time, shortly (each one reads a whole table).
EXPORT_DURATION="${BENCH_EXPORT_DURATION:-3s}"
EXPORT_CONNECTIONS="${BENCH_EXPORT_CONNECTIONS:-4}"
UNLOADED_RUNS="${BENCH_UNLOADED_RUNS:-5}"
# A line slower than this unloaded (ms) is not put under load: 32 requests of
# several seconds each would take minutes to drain and, on the code before
# issue 18, gigabytes of memory (the judges' board). Its throughput is then at
# most about (cores x 1000 / unloaded ms) requests/s.
SLOW_PAGE_MS="${BENCH_SLOW_PAGE_MS:-1000}"
SLOW_EXPORT_MS="${BENCH_SLOW_EXPORT_MS:-5000}"
SPIKE_BURST="${BENCH_SPIKE_SECONDS:-2.5}"
THREADS="${BENCH_THREADS:-2}"
PG_URL="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
PORT="${BENCH_PORT:-18080}"
# An extended regular expression: only the lines whose name matches are
# measured ("Deadline spike" and "Fitness cards" name the other two parts).
ONLY="${BENCH_ONLY:-}"
wanted() { [ -z "$ONLY" ] || [[ "$1" =~ $ONLY ]]; }
CEILING_PORT="${BENCH_CEILING_PORT:-18099}"
DATABASES=("$@")
[ ${#DATABASES[@]} -eq 0 ] && DATABASES=(sqlite postgres)

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package)"
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -q >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
fi

WORK="$(mktemp -d)"
# The binaries are copied out of the target directory right after the build:
# a target directory shared with other checkouts may be rebuilt during the
# run. BENCH_PREBUILT=DIR uses the four binaries already in DIR instead.
mkdir "$WORK/bin"
if [ -n "${BENCH_PREBUILT:-}" ]; then
  cp "$BENCH_PREBUILT"/{contest-portal,bench-seed,bench-ceiling,bench-cards} "$WORK/bin/"
else
  cargo build --release --bin contest-portal --example bench-seed --example bench-ceiling --example bench-cards
  TARGET="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
  cp "$TARGET/release/contest-portal" "$TARGET"/release/examples/{bench-seed,bench-ceiling,bench-cards} "$WORK/bin/"
fi
BIN="$WORK/bin/contest-portal"
SEED="$WORK/bin/bench-seed"
CEILING="$WORK/bin/bench-ceiling"
CARDS="$WORK/bin/bench-cards"

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

# wrk against one URL (cookie, connections, duration, timeout; the defaults
# are the pages'); prints "rps|p50|p99|errors".
measure() {
  local url="$1" cookie="${2:-}" conns="${3:-$CONNECTIONS}" dur="${4:-$DURATION}" timeout="${5:-10s}" out
  local args=(-t"$THREADS" -c"$conns" -d"$dur" --latency --timeout "$timeout")
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
def pct(p):
    # No request finished within the run: no latency to show.
    m = re.search(rf"^\s+{p}%\s+(\d\S*)", out, re.M)
    return ms(m.group(1)) if m else float("nan")
done = int(re.search(r"(\d+) requests in", out).group(1))
p50, p99 = pct(50), pct(99)
errors = 0
m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
if m: errors += int(m.group(1))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
if m: errors += sum(int(x) for x in m.groups())
if done == 0:
    # Not one answer within the run (each took longer): no latency to show.
    print(f"0|—|—|{errors}")
else:
    print(f"{rps:.0f}|{p50:.1f}|{p99:.1f}|{errors}")
PY
}

# One request at a time on the idle server: the median of UNLOADED_RUNS
# curl time_total, in ms (only the first when that one is slower than $2 ms).
unloaded_ms() {
  local url="$1" slow="$2" cookie="${3:-}" t
  for i in $(seq 1 "$UNLOADED_RUNS"); do
    t="$(curl -s --max-time 300 -o /dev/null -w '%{time_total}' ${cookie:+-H "Cookie: cp_session=$cookie"} "$url" || true)"
    echo "$t"
    if [ "$i" = 1 ] && python3 -c 'import sys; sys.exit(0 if 1000 * float(sys.argv[1]) > float(sys.argv[2]) else 1)' "$t" "$slow"; then
      break
    fi
  done | python3 -c 'import statistics, sys; print(f"{1000 * statistics.median(float(x) for x in sys.stdin):.1f}")'
}

# After a load the server may still be working through requests wrk gave
# up on: wait (up to three minutes) until it answers /readyz promptly, so
# that each line is measured on an idle server.
wait_idle() {
  local url="$1" waited=0 t
  while [ "$waited" -lt 180 ]; do
    t="$(curl -s --max-time 5 -o /dev/null -w '%{time_total}' "$url" || echo 9)"
    python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 0.05 else 1)" "$t" && return 0
    sleep 1; waited=$((waited + 1))
  done
  echo "server still busy after 180 s" >&2
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
FAILURES=()
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
  ENTRY="$(json "$WORK/seed.json" entry_id)"
  TEAM_COOKIE="$(json "$WORK/seed.json" team_cookie)"
  JUDGE_COOKIE="$(json "$WORK/seed.json" judge_cookie)"
  ORG_COOKIE="$(json "$WORK/seed.json" organiser_cookie)"
  UNIT_COOKIE="$(json "$WORK/seed.json" unit_cookie)"
  CHALLENGE="$(json "$WORK/seed.json" challenge_id)"
  STUDENT_COOKIE="$(json "$WORK/seed.json" student_cookie)"
  REVIEWER_COOKIE="$(json "$WORK/seed.json" reviewer_cookie)"
  ADMIN_COOKIE="$(json "$WORK/seed.json" admin_cookie)"

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
  SCHOOL="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$(json "$WORK/seed.json" school_name)")"
  DATASET="$(json "$WORK/seed.json" dataset_id)"
  O="$BASE/organise/contests/$CONTEST"
  T="$BASE/organise/tracks/$TRACK"
  # class|name|URL|cookie. Classes and their targets (bench/README.md):
  #   anon    public page without a session (render cache): >= 20 % of the ceiling
  #   signed  the same public page signed in (a student): >= 2,000 req/s
  #   student a student's own page: no throughput target
  #   staff   organiser and staff pages: < 20 ms unloaded, >= 300 req/s
  #   export  CSV, Excel and open-data downloads: time per request; fewer
  #           connections and a shorter run (BENCH_EXPORT_*)
  # The server's peak memory over the whole run has to stay under 150 MiB.
  PUBLIC=(
    "Home page|$BASE/"
    "Contest page|$BASE/contests/$YEAR"
    "Public results (track page)|$BASE/contests/$YEAR/tracks/$TRACK"
    "Data-request board|$BASE/requests"
    "Catalogue search (勞工保險)|$BASE/catalog?q=$Q"
    "Dataset page|$BASE/catalog/$DATASET"
    "Challenge page|$BASE/challenges/$CHALLENGE"
  )
  PAGES=()
  for p in "${PUBLIC[@]}"; do PAGES+=("anon|${p%%|*} (anonymous)|${p#*|}|"); done
  PAGES+=("anon|Open-data documentation (anonymous)|$BASE/open-data|")
  for p in "${PUBLIC[@]}"; do PAGES+=("signed|${p%%|*} (signed in)|${p#*|}|$STUDENT_COOKIE"); done
  PAGES+=(
    "student|Team page (signed in)|$BASE/teams/$TEAM|$TEAM_COOKIE"
    "student|Teammate finder (2,000 cards)|$BASE/contests/$YEAR/finder|$TEAM_COOKIE"
    "staff|Organiser's home (their work: requests to route, judges behind, entries undecided)|$BASE/|$ORG_COOKIE"
    "staff|Reviewer's home (entries undecided per track)|$BASE/|$REVIEWER_COOKIE"
    "staff|Organiser's team list, page 1 (10,000 teams)|$O/teams|$ORG_COOKIE"
    "staff|Team list filtered (track, across schools)|$O/teams?track=$TRACK&cross_school=yes|$ORG_COOKIE"
    "staff|Team list, school search|$O/teams?school=$SCHOOL|$ORG_COOKIE"
    "staff|Team list, page 300|$O/teams?page=300|$ORG_COOKIE"
    "staff|Organiser's entries list|$O/entries|$ORG_COOKIE"
    "staff|Eligibility overview (reviewer)|$BASE/review|$REVIEWER_COOKIE"
    "staff|Eligibility queue (5,000 entries, reviewer)|$BASE/review/tracks/$TRACK|$REVIEWER_COOKIE"
    "staff|Eligibility queue, pre-check failing (every entry's pre-check)|$BASE/review/tracks/$TRACK?filter=precheck-failing|$REVIEWER_COOKIE"
    "staff|Eligibility summary (organiser)|$O/eligibility|$ORG_COOKIE"
    "staff|Judges' assignment board|$T/judges|$ORG_COOKIE"
    "staff|One entry's judges (a panel of 200)|$T/judges/entries/$ENTRY|$ORG_COOKIE"
    "staff|Organiser's ranking (5,000 entries)|$T/ranking|$ORG_COOKIE"
    "staff|Judge's dashboard|$BASE/judge|$JUDGE_COOKIE"
    "staff|Unit request queue (勞保局)|$BASE/unit/requests|$UNIT_COOKIE"
    "staff|Organiser request queue|$BASE/organise/requests|$ORG_COOKIE"
    "staff|Organiser request queue, one section alone (page 2)|$BASE/organise/requests?section=requests-with-units&page=2|$ORG_COOKIE"
    "staff|Requests report|$BASE/organise/requests/report|$ORG_COOKIE"
    "staff|Dashboard|$O/dashboard|$ORG_COOKIE"
    "staff|Audit log (60,000 rows, admin)|$BASE/admin/audit|$ADMIN_COOKIE"
    "staff|Impact ledger (organiser, every dataset)|$BASE/ledger|$ORG_COOKIE"
    "staff|Impact ledger (unit reviewer, 勞保局)|$BASE/ledger|$UNIT_COOKIE"
    "staff|Outreach campaigns and funnel|$O/outreach|$ORG_COOKIE"
    "staff|Office closures|$BASE/organise/calendar/closures|$ORG_COOKIE"
    "staff|Winners' sharing sessions|$O/sharing|$ORG_COOKIE"
    "staff|Unit's challenges (勞保局)|$BASE/unit/challenges|$UNIT_COOKIE"
    "staff|Challenge outcome (unit; 1,000 of the track's entries answer one of 60)|$BASE/unit/challenges/$CHALLENGE/outcome|$UNIT_COOKIE"
    "staff|Challenges to review (organiser, 60)|$BASE/organise/challenges?contest=$CONTEST|$ORG_COOKIE"
    "staff|Advisory-group pack (two years)|$O/pack|$ORG_COOKIE"
    "export|Teams CSV (10,000 teams)|$O/teams.csv|$ORG_COOKIE"
    "export|Entries CSV|$O/entries.csv|$ORG_COOKIE"
    "export|Eligibility CSV|$O/eligibility.csv|$ORG_COOKIE"
    "export|Ranking CSV|$T/ranking.csv|$ORG_COOKIE"
    "export|Scores CSV (15,000 scores)|$T/scores.csv|$ORG_COOKIE"
    "export|Dashboard Excel|$O/dashboard.xlsx|$ORG_COOKIE"
  )
  for table in tracks mix registrations schools eligibility reasons datasets publishers themes judging winners requests; do
    PAGES+=("export|Dashboard CSV: $table|$O/dashboard/$table.csv|$ORG_COOKIE")
  done
  PAGES+=(
    "export|Audit log CSV|$BASE/admin/audit.csv|$ADMIN_COOKIE"
    "export|Impact ledger CSV|$BASE/ledger.csv|$ORG_COOKIE"
    "export|Impact ledger Excel|$BASE/ledger.xlsx|$ORG_COOKIE"
    "export|Advisory-group pack Excel|$O/pack.xlsx|$ORG_COOKIE"
    "export|Outreach funnel CSV|$O/outreach.csv|$ORG_COOKIE"
    "export|Outreach Excel|$O/outreach.xlsx|$ORG_COOKIE"
    "export|Requests report CSV|$BASE/organise/requests/report.csv|$ORG_COOKIE"
    "export|Open data: results CSV|$BASE/open-data/results.csv|"
    "export|Open data: results JSON|$BASE/open-data/results.json|"
    "export|Open data: requests CSV|$BASE/open-data/requests.csv|"
    "export|Open data: requests JSON|$BASE/open-data/requests.json|"
    "export|Open data: board Atom feed|$BASE/open-data/requests.atom|"
  )
  # A filtered run does not overwrite the whole run's report.
  REPORT="bench/results/$DB${ONLY:+-only}.md"
  {
    echo "### $DB"
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores with wrk, $THREADS threads: pages $CONNECTIONS connections for $DURATION each;" \
      "exports (CSV, Excel, open data) $EXPORT_CONNECTIONS connections for $EXPORT_DURATION each (a download costs far more than a page)."
    echo "Unloaded: median of $UNLOADED_RUNS single requests (curl time_total) before the load. Peak MiB is the server's VmHWM after the line."
    echo "A line slower than $SLOW_PAGE_MS ms unloaded ($SLOW_EXPORT_MS ms for an export) is timed on one request and not loaded (\"not loaded\")."
    echo "Seeded in ${SEED_S%.*} s. Cold start ${COLD_MS} ms. Ranking recompute of ${RANKED} entries: ${RANK_MS%.*} ms (median of 5)."
    echo
    echo "| Page | unloaded ms | req/s | share of ceiling | p50 ms | p99 ms | errors | peak MiB | target | met |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
    echo "| Trivial actix-web handler (ceiling) | | $CEIL_RPS | 100 % | $CEIL_P50 | $CEIL_P99 | $CEIL_ERR | $CEIL_MIB | | |"
  } >"$REPORT"
  for page in "${PAGES[@]}"; do
    IFS='|' read -r CLASS NAME URL_ COOKIE <<<"$page"
    wanted "$NAME" || continue
    STATUS="$(curl -s --max-time 300 -o /dev/null -w '%{http_code}' ${COOKIE:+-H "Cookie: cp_session=$COOKIE"} "$URL_" || true)"
    if [ "$STATUS" != 200 ]; then
      echo "FAILED: $NAME answered $STATUS, not 200: $URL_" >&2
      echo "| $NAME | | | | | | | | answered $STATUS, not 200 | **failed** |" >>"$REPORT"
      FAILURES+=("$DB: $NAME answered $STATUS ($URL_)")
      continue
    fi
    SLOW="$SLOW_PAGE_MS"
    if [ "$CLASS" = export ]; then SLOW="$SLOW_EXPORT_MS"; fi
    UNLOADED="$(unloaded_ms "$URL_" "$SLOW" "$COOKIE")"
    if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)' "$UNLOADED" "$SLOW"; then
      echo "$NAME: ${UNLOADED} ms unloaded, slower than $SLOW ms: not loaded" >&2
      echo "0|not loaded|—|0" >"$WORK/measure.txt"
    elif [ "$CLASS" = export ]; then
      measure "$URL_" "$COOKIE" "$EXPORT_CONNECTIONS" "$EXPORT_DURATION" 60s >"$WORK/measure.txt"
    else
      measure "$URL_" "$COOKIE" "$CONNECTIONS" "$DURATION" 10s >"$WORK/measure.txt"
    fi
    IFS='|' read -r RPS P50 P99 ERR <"$WORK/measure.txt"
    wait_idle "$BASE/readyz"
    MIB="$(peak_mib "$SERVER_PID")"
    IFS='|' read -r SHARE TARGET MET < <(python3 - "$CLASS" "$RPS" "$CEIL_RPS" "$UNLOADED" "$MIB" "$ERR" <<'PY'
import sys
cls, rps, ceil, unloaded, mib, err = sys.argv[1:]
rps, ceil, unloaded, mib, err = float(rps), float(ceil), float(unloaded), float(mib), int(err)
share = 100 * rps / ceil
target, ok = {
    "anon": ("≥ 20 % of ceiling", share >= 20),
    "signed": ("≥ 2,000 req/s", rps >= 2000),
    "staff": ("< 20 ms unloaded, ≥ 300 req/s", unloaded < 20 and rps >= 300),
    "student": ("none of its own", True),
    "export": ("none of its own (time and memory)", True),
}[cls]
# Memory is judged over the whole run (below the table): VmHWM only grows.
ok = ok and err == 0
print(f"{share:.1f} %|{target}, no errors|{'met' if ok else '**not met**'}")
PY
)
    echo "| $NAME | $UNLOADED | $RPS | $SHARE | $P50 | $P99 | $ERR | $MIB | $TARGET | $MET |" >>"$REPORT"
    echo "$NAME: unloaded $UNLOADED ms, $RPS req/s, p50 $P50 ms, p99 $P99 ms, errors $ERR, peak $MIB MiB: $MET"
  done
  PAGES_MIB="$(peak_mib "$SERVER_PID")"

  if wanted "Deadline spike"; then
  # Deadline spike: 500 captains save their drafts within a few seconds;
  # then every acknowledged save must have its version in the database.
  echo "== $DB: deadline spike ($(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["spike"]))' "$WORK/seed.json") teams)"
  python3 bench/spike.py "$WORK/seed.json" "$BASE" "$WORK/acked.txt" "$SPIKE_BURST" >"$WORK/spike.json"
  "$SEED" --spike-check "$URL" "$(json "$WORK/seed.json" spike_track_id)" "$WORK/acked.txt" >"$WORK/spike-check.json"
  SPIKE_MIB="$(peak_mib "$SERVER_PID")"
  python3 - "$WORK/spike.json" "$WORK/spike-check.json" "$PAGES_MIB" "$SPIKE_MIB" >>"$REPORT" <<'PY'
import json, sys
s, c = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
pages_mib, spike_mib = int(sys.argv[3]), int(sys.argv[4])
met = lambda ok: "met" if ok else "**not met**"
statuses = ", ".join(f"{k}: {v}" for k, v in sorted(s["statuses"].items()))
print()
print(f"Deadline spike: {s['teams']} captains loaded their entry forms ({s['form_failures']} failed), then saved "
      f"within {s['burst_seconds']} s: {statuses}.")
print()
print("| Target | measured | met |")
print("|---|---|---|")
print(f"| Spike p99 < 500 ms | p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms, max {s['max_ms']} ms | {met(s['p99_ms'] < 500)} |")
ok = c["lost"] == 0 and c["acknowledged"] == s["acknowledged"] and s["acknowledged"] == s["teams"]
print(f"| Zero lost versions (every save acknowledged and stored) | {s['acknowledged']} of {s['teams']} acknowledged, "
      f"{c['found']} versions found, {c['lost']} lost | {met(ok)} |")
print(f"| Server peak memory < 150 MiB (whole run) | {max(pages_mib, spike_mib)} MiB ({pages_mib} after the pages, {spike_mib} after the spike) | {met(max(pages_mib, spike_mib) < 150)} |")
PY
  echo "spike: $(cat "$WORK/spike.json")"
  echo "spike check: $(cat "$WORK/spike-check.json")"
  fi
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
  if wanted "Fitness cards"; then
  "$CARDS" "$CARDS_URL" 1000 >"$WORK/cards.json"
  {
    echo "Fitness cards: $(json "$WORK/cards.json" cards) refreshed from a local server in $(json "$WORK/cards.json" seconds) s" \
      "($(json "$WORK/cards.json" read) read, $(json "$WORK/cards.json" failed) refused or timed out as planned)," \
      "peak memory $(json "$WORK/cards.json" peak_mib) MiB."
    echo
  } >>"$REPORT"
  fi
  if [ "$DB" = postgres ]; then
    psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
    PG_DB=""
  fi
  rm -f "$WORK"/cards.db*
  cat "$REPORT"
done
if [ ${#FAILURES[@]} -gt 0 ]; then
  echo "Pages that did not answer 200:" >&2
  printf '  %s\n' "${FAILURES[@]}" >&2
  exit 1
fi
