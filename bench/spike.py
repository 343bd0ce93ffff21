#!/usr/bin/env python3
"""Deadline spike (see bench/README.md): every seeded team's captain loads
its entry form, then all of them save at once, spread over a short burst.

    bench/spike.py SEED_JSON BASE_URL ACKED_FILE [BURST_SECONDS]

Prints one JSON object (statuses, latency percentiles in ms) and writes one
line "TEAM VERSION" to ACKED_FILE for every save the server acknowledged
(303 back to the entry page), for `bench-seed --spike-check` to look up.
Standard library only: a thread per team, http.client.
"""

import http.client
import json
import random
import re
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

seed_path, base, acked_path = sys.argv[1], sys.argv[2], sys.argv[3]
burst = float(sys.argv[4]) if len(sys.argv) > 4 else 2.5
seed = json.load(open(seed_path))
track = seed["spike_track_id"]
teams = seed["spike"]
url = urllib.parse.urlsplit(base)
host, port = url.hostname, url.port or 80

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


def request(method, path, cookie, body=None):
    conn = http.client.HTTPConnection(host, port, timeout=60)
    headers = {"Cookie": f"cp_session={cookie}"}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


def load_form(t):
    """The entry form as the captain sees it: its CSRF token and version."""
    status, page = request("GET", f"/teams/{t['team']}/entries/{track}", t["cookie"])
    csrf, version = CSRF.search(page), VERSION.search(page)
    if status != 200 or not csrf or not version:
        return None
    return csrf.group(1), int(version.group(1))


with ThreadPoolExecutor(16) as pool:
    forms = list(pool.map(load_form, teams))
form_failures = sum(f is None for f in forms)

results = [None] * len(teams)
start = time.monotonic() + 1.0
offsets = [burst * i / max(1, len(teams) - 1) for i in range(len(teams))]
random.Random(18).shuffle(offsets)


def save(i):
    t, form = teams[i], forms[i]
    if form is None:
        return
    csrf, version = form
    fields = [
        ("csrf_token", csrf),
        ("version", str(version)),
        ("title", f"職場安全預警地圖（截止前定稿）{i}"),
        ("abstract", "以職災統計開放資料標示高風險地區與行業，並於截止前補充評估方式。"),
        ("problem", "職災資訊分散。"),
        ("solution", "整合職災統計，提供地圖與提醒。"),
        ("target_users", "勞工、事業單位"),
        ("demo_url", ""),
        ("repo_url", ""),
        ("action", "save"),
    ]
    for n, ds in enumerate(t["datasets"]):
        fields += [
            (f"ds_id_{n}", ds),
            (f"ds_fields_{n}", "年月、縣市、人數"),
            (f"ds_usage_{n}", "彙整各縣市人數變化，作為服務推薦的依據。"),
            (f"ds_depth_{n}", "3"),
        ]
    body = urllib.parse.urlencode(fields)
    time.sleep(max(0.0, start + offsets[i] - time.monotonic()))
    began = time.monotonic()
    try:
        status, _ = request("POST", f"/teams/{t['team']}/entries/{track}", t["cookie"], body)
    except Exception as e:  # a refused or dropped connection is an answer too
        status = f"error {type(e).__name__}"
    results[i] = (status, (time.monotonic() - began) * 1000.0, version + 1)


threads = [threading.Thread(target=save, args=(i,)) for i in range(len(teams))]
for th in threads:
    th.start()
for th in threads:
    th.join()

done = [r for r in results if r is not None]
statuses = {}
for status, _, _ in done:
    statuses[str(status)] = statuses.get(str(status), 0) + 1
latencies = sorted(ms for _, ms, _ in done)


def pct(p):
    if not latencies:
        return 0.0
    return latencies[min(len(latencies) - 1, int(round(p / 100 * (len(latencies) - 1))))]


with open(acked_path, "w") as out:
    for i, r in enumerate(results):
        if r is not None and r[0] == 303:
            out.write(f"{teams[i]['team']} {r[2]}\n")

print(json.dumps({
    "teams": len(teams),
    "form_failures": form_failures,
    "saves": len(done),
    "acknowledged": statuses.get("303", 0),
    "statuses": statuses,
    "burst_seconds": burst,
    "p50_ms": round(pct(50), 1),
    "p99_ms": round(pct(99), 1),
    "max_ms": round(latencies[-1], 1) if latencies else 0.0,
}))
