"""Benchmark: every page at national scale, beside a bare Django project's 50-row table.

    make bench-pages                     # or: .venv/bin/python bench/pages.py [options]
    .venv/bin/python bench/pages.py --quick --reuse --pages agreements,dashboard
    .venv/bin/python bench/pages.py --app ../sinergi-before     # "before" figures

It builds the national data set (bench/national.py; ``--reuse`` keeps the last one), collects
the static files into a temporary folder, and serves the app with gunicorn as production does
(2 sync workers, debug off, hashed static files, Redis as cache). The bare project
(bench/bare) is served the same way on another port. It signs in over HTTP as the KPK manager
(password, then the TOTP code) and as the partner manager, checks that every page answers 200,
then runs wrk on each page, alternating with the bare page (bare, page, bare, page ...) so both
see the same machine. It prints one table, the exports' single-request times and the workers'
memory, and writes everything to var/bench-pages.json. Before the servers start it times one
content item sent to all 552 Diskominfo (bench/send.py, on a copy of the database; page code
``content-send``).

Needs PostgreSQL and Redis on 127.0.0.1 (as CI) and wrk (Debian package ``wrk``). It uses its own
databases (``sinergi_benchpages`` and ``sinergi_benchpages_bare``; BENCH_DATABASE_URL overrides
the first) and Redis database 13 (BENCH_REDIS_URL), which it flushes. A benchmark, not a test:
figures move by 10-20% from run to run; compare runs made close together.
"""

import argparse
import base64
import hashlib
import hmac
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import national

ROOT = national.ROOT
BARE = ROOT / "bench" / "bare"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
RESULTS = ROOT / "var" / "bench-pages.json"
WORKERS = 2


@dataclass(frozen=True)
class Page:
    code: str
    label: str
    subject: str | None  # "kpk", "partner" or None (anonymous)
    path: str  # formatted with the subjects' ids (bench/national.py)
    # A page another branch adds: skipped, with a note, where the served code answers 404.
    optional: bool = False


# Every list page joins this table when it is added (content and events will): a Page here, and
# where it needs records, a builder in bench/national.py's BUILDERS.
PAGES = (
    Page("agreements", "KPK agreement list, first page", "kpk", "/agreements/"),
    Page(
        "agreements-filtered",
        "KPK agreement list, filtered (status + party)",
        "kpk",
        "/agreements/?status=active&party={partner_organisation}",
    ),
    Page("agreements-searched", "KPK agreement list, searched", "kpk", "/agreements/?q={search}"),
    Page(
        "agreement",
        "agreement with {busy_entries} history entries",
        "kpk",
        "/agreements/{busy_agreement}/",
    ),
    Page("directory", "organisation directory", "kpk", "/organisations/"),
    Page("provinces", "province overview", "kpk", "/agreements/provinces/"),
    Page("inbox", "notifications inbox", "kpk", "/notifications/"),
    Page("dashboard", "KPK dashboard", "kpk", "/"),
    Page("profile", "own profile", "kpk", "/me/profile/"),
    Page("sign-in", "sign-in page, anonymous", None, "/accounts/login/"),
    Page("partner-dashboard", "partner manager's dashboard", "partner", "/"),
    Page("partner-agreements", "partner manager's agreement list", "partner", "/agreements/"),
    # Content and dissemination (issue 10): 500,000 requests.
    Page("content-tracker", "KPK dissemination tracker, first page", "kpk", "/content/tracker/"),
    Page(
        "content-tracker-filtered",
        "KPK tracker, filtered (province + status + overdue)",
        "kpk",
        "/content/tracker/?province={content[province]}&status=accepted&overdue=on",
    ),
    Page(
        "content-tracker-searched",
        "KPK tracker, searched by title",
        "kpk",
        "/content/tracker/?q=gratifikasi",
    ),
    Page("content-inbox", "partner manager's request inbox", "partner", "/content/inbox/"),
    Page("content-calendar", "KPK content calendar, this month", "kpk", "/content/calendar/"),
    Page(
        "content-partner-calendar",
        "partner manager's content calendar",
        "partner",
        "/content/calendar/",
    ),
    Page(
        "content-item",
        "content item sent to every Diskominfo ({content[item_requests]} requests, proofs)",
        "kpk",
        "/content/{content[item]}/",
    ),
    Page(
        "content-request",
        "request page of that item (forwarded, proofs, reach reports)",
        "kpk",
        "/content/requests/{content[request]}/",
    ),
    # Events (issue 11): 2,000 events, 100,000 registrations. The paths come from the served
    # code's URL names (bench/national.py's build_events); a checkout without the page skips it.
    Page("events-list", "KPK event list, first page", "kpk", "{events[list]}", optional=True),
    Page(
        "events-list-partner",
        "partner manager's event list",
        "partner",
        "{events[list]}",
        optional=True,
    ),
    Page(
        "events-detail",
        "that event's page (agenda, the 552 invitations counted, registration box, history)",
        "kpk",
        "{events[detail]}",
        optional=True,
    ),
    Page(
        "events-invitations",
        "that event's invitations, first page",
        "kpk",
        "{events[invitations]}",
        optional=True,
    ),
    Page(
        "events-registrations",
        "registration list of an event with {events[big_event_registrations]} registrations",
        "kpk",
        "{events[registrations]}",
        optional=True,
    ),
    Page(
        "events-checkin",
        "check-in page of that event",
        "kpk",
        "{events[checkin]}",
        optional=True,
    ),
)
PAGES_OF_EVENTS = (
    "events-list",
    "events-list-partner",
    "events-detail",
    "events-invitations",
    "events-registrations",
    "events-checkin",
)
# Not a page: one item sent to all 552 Diskominfo (bench/send.py), timed alone before the
# servers start, on a copy of the national database.
SEND = "content-send"
EXPORTS = (
    Page("export-csv", "CSV export, every agreement", "kpk", "/agreements/export.csv"),
    Page("export-xlsx", "XLSX export, every agreement", "kpk", "/agreements/export.xlsx"),
)

# wrk's own summary has no p95; this prints what the table needs as one JSON line.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "errors": %d, "non_2xx_3xx": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "bytes": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.bytes))
end
"""


def page_path(page: Page, ids: dict) -> str | None:
    """The page's path with the data set's ids, or None for an optional page the data set has
    no path for (its URL name does not resolve in the served code, or it built no events)."""
    try:
        return page.path.format(**ids)
    except (KeyError, IndexError):
        if page.optional:
            return None
        raise


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command, **options):
    return subprocess.run(command, check=True, **options)


# Servers --------------------------------------------------------------------------------------


def app_environment(app: Path, temp: Path, port: int) -> dict:
    """Production's settings (config/settings.py) over plain HTTP, static files collected
    into ``temp`` (a settings module there adds only STATIC_ROOT)."""
    (temp / "bench_settings.py").write_text(
        f"from config.settings import *  # noqa: F403\n\nSTATIC_ROOT = {str(temp / 'static')!r}\n"
    )
    return {
        **os.environ,
        "PYTHONPATH": f"{temp}{os.pathsep}{app}",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DATABASE_URL": national.DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "DJANGO_SECRET_KEY": national.SECRET_KEY,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback: secure cookies would never come back, HSTS and the HTTPS
        # redirect would send wrk elsewhere.
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "SINERGI_STATIC_MANIFEST": "true",
        "SINERGI_SITE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def bare_environment() -> dict:
    name = urllib.parse.urlsplit(national.DATABASE_URL).path.lstrip("/") + "_bare"
    url = urllib.parse.urlsplit(national.DATABASE_URL)._replace(path=f"/{name}").geturl()
    return {**os.environ, "BARE_DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bare.settings"}


def prepare_bare(env: dict) -> None:
    national.recreate_database(env["BARE_DATABASE_URL"])
    run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=BARE, env=env)


def start_gunicorn(
    module: str, cwd: Path, env: dict, port: int, log: Path, workers: int
) -> subprocess.Popen:
    """gunicorn as production runs it: ``workers`` sync workers, the app loaded by each."""
    with log.open("w") as output:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                module,
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
            ],
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def workers_of(server: subprocess.Popen) -> list[int]:
    try:
        text = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in text.split()]


def memory_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def wait_until_serving(server: subprocess.Popen, base: str, log: Path, workers: int) -> None:
    """Every worker booted (the app loaded in each) and answering."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped; see {log}:\n{log.read_text()[-3000:]}")
        if len(workers_of(server)) == workers:
            try:
                urllib.request.urlopen(base + "/", timeout=10).close()
            except urllib.error.HTTPError:
                pass  # any answer is an answer
            except OSError:
                time.sleep(0.2)
                continue
            # The other worker loads the app at the same time; give it the same moment.
            settled = [memory_mb(pid) for pid in workers_of(server)]
            time.sleep(1.5)
            if [memory_mb(pid) for pid in workers_of(server)] == settled:
                return
            continue
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not start within 120 s; see {log}.")


# Signing in -----------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now (RFC 6238 with allauth's defaults: SHA-1,
    30 s, 6 digits); waits for the next step when this one is about to end."""
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.1)
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def _csrf(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise SystemExit("No CSRF token on the sign-in page.")
    return match.group(1)


def sign_in(base: str, email: str, password: str, totp_secret: str | None = None) -> str:
    """Sign in through allauth's real forms; return the session cookie's value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(url, fields):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(url, data=data, headers={"Referer": url})
        return opener.open(request, timeout=60)

    login = base + "/accounts/login/"
    token = _csrf(opener.open(login, timeout=60).read().decode())
    response = post(login, {"csrfmiddlewaretoken": token, "login": email, "password": password})
    if "/2fa/authenticate" in response.url:
        if not totp_secret:
            raise SystemExit(f"{email} was asked for a code the bench does not have.")
        token = _csrf(response.read().decode())
        response = post(
            response.url, {"csrfmiddlewaretoken": token, "code": totp_code(totp_secret)}
        )
    session = next((cookie.value for cookie in jar if cookie.name == "sessionid"), None)
    if session is None or "/accounts/" in response.url:
        raise SystemExit(f"Signing in as {email} failed (ended at {response.url}).")
    return session


def fetch(url: str, cookie: str | None) -> tuple[int, bytes, float]:
    """One request, redirects not followed: (status, body, seconds)."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=120) as response:
            body = response.read()
            return response.status, body, time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.perf_counter() - started


# Measuring ------------------------------------------------------------------------------------


def wrk(url: str, script: Path, options, cookie: str | None = None) -> dict:
    command = [
        "wrk",
        f"-t{options.threads}",
        f"-c{options.connections}",
        f"-d{options.duration}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = run([*command, url], capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = round(result["requests"] / (result["duration_us"] / 1e6), 1)
    if result["errors"] or result["non_2xx_3xx"]:
        raise SystemExit(f"wrk saw errors on {url}: {result}")
    return result


def git_commit(path: Path) -> str:
    try:
        return run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=path, capture_output=True, text=True
        ).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return "unknown"


def ms(microseconds: float) -> str:
    return f"{microseconds / 1000:.0f}"


def print_table(rows: list[dict], exports: list[dict], memory: dict, send=None) -> None:
    header = ("page", "req/s", "p50 ms", "p95 ms", "p99 ms", "bare req/s", "ratio")
    lines = [
        (
            row["label"],
            f"{row['rps']:.0f}",
            ms(row["p50_us"]),
            ms(row["p95_us"]),
            ms(row["p99_us"]),
            f"{row['bare_rps']:.0f}",
            f"{row['ratio']:.3f}",
        )
        for row in rows
    ]
    widths = [max(len(cells[index]) for cells in [header, *lines]) for index in range(7)]
    print()
    for cells in [header, tuple("-" * width for width in widths), *lines]:
        print(
            "| "
            + " | ".join(
                cell.ljust(width) if index == 0 else cell.rjust(width)
                for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
            )
            + " |"
        )
    for export in exports:
        print(
            f"{export['label']}: {export['seconds_median']:.2f} s (median of "
            f"{len(export['seconds'])}), {export['bytes'] / 1e6:.1f} MB; workers' peak RSS after "
            f"it {', '.join(f'{mb:.0f}' for mb in export['workers_peak_mb'])} MB"
        )
    if send:
        print(
            f"One item sent to all {send['organisations']} Diskominfo: median "
            f"{send['seconds_median']:.2f} s, max {send['seconds_max']:.2f} s of "
            f"{send['repetitions']} ({send['queries']} queries each)"
        )
    print(
        "Workers' RSS at start: "
        + ", ".join(f"{mb:.0f} MB" for mb in memory["start_mb"])
        + "; after the pages: "
        + ", ".join(f"{mb:.0f} MB" for mb in memory["after_pages_mb"])
        + f" (bare project at start: {', '.join(f'{mb:.0f}' for mb in memory['bare_start_mb'])}"
        " MB)"
    )


# The run --------------------------------------------------------------------------------------


def options_from(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reuse", action="store_true", help="keep the last national data set")
    parser.add_argument("--app", type=Path, default=ROOT, help="serve the app from this checkout")
    parser.add_argument("--pages", help="comma-separated page codes (default: all)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run (15)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument(
        "--workers", type=int, default=WORKERS, help=f"gunicorn workers of each server ({WORKERS})"
    )
    parser.add_argument("--quick", action="store_true", help="3 s per run: a smoke test")
    parser.add_argument("--list", action="store_true", help="list the page codes and stop")
    options = parser.parse_args(argv)
    if options.quick:
        options.duration = 3
    options.app = options.app.resolve()
    known = {page.code for page in (*PAGES, *EXPORTS)} | {SEND}
    options.selected = options.pages.split(",") if options.pages else sorted(known)
    unknown = set(options.selected) - known
    if unknown:
        parser.error(f"unknown pages {', '.join(sorted(unknown))}; known: {', '.join(known)}")
    return options


def main(argv=None):
    options = options_from(argv)
    if options.list:
        for page in (*PAGES, *EXPORTS):
            print(f"{page.code:22} {page.path}")
        print(f"{SEND:22} (bench/send.py: one item sent to every Diskominfo)")
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench-pages installs it).")
    started = time.perf_counter()
    var = ROOT / "var"
    var.mkdir(exist_ok=True)

    if options.reuse and national.SUBJECTS_FILE.exists():
        print("Reusing the national data set built before.")
    else:
        print(f"Building the national data set with {options.app}'s models ...")
        run(
            [sys.executable, str(ROOT / "bench" / "national.py"), "--app", str(options.app)],
            stdout=subprocess.DEVNULL,
        )
    subjects = json.loads(national.SUBJECTS_FILE.read_text())
    build_seconds = subjects["seconds"]
    print(f"  built in {build_seconds} s: {subjects['counts']}")

    send = None
    if SEND in options.selected:
        print("Sending one item to all 552 Diskominfo (bench/send.py, on a copy) ...")
        sent = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "send.py"), "--app", str(options.app)],
            capture_output=True,
            text=True,
            env={**os.environ, "BENCH_REDIS_URL": REDIS_URL},
        )
        if sent.returncode:
            raise SystemExit(f"bench/send.py failed:\n{sent.stderr[-3000:]}")
        send = json.loads(sent.stdout)
        print(
            f"  {send['organisations']} organisations: median {send['seconds_median']:.2f} s, "
            f"max {send['seconds_max']:.2f} s ({', '.join(map(str, send['seconds']))})"
        )

    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as temp:
        temp = Path(temp)
        port, bare_port = free_port(), free_port()
        env = app_environment(options.app, temp, port)
        collect_started = time.perf_counter()
        run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=options.app,
            env=env,
        )
        collect_seconds = time.perf_counter() - collect_started
        static_files = sum(1 for path in (temp / "static").rglob("*") if path.is_file())
        print(f"  collectstatic: {static_files:,} files in {collect_seconds:.1f} s")
        bare_env = bare_environment()
        prepare_bare(bare_env)

        app_log, bare_log = var / "bench-pages-app.log", var / "bench-pages-bare.log"
        app = start_gunicorn("config.wsgi", options.app, env, port, app_log, options.workers)
        bare = start_gunicorn("bare.wsgi", BARE, bare_env, bare_port, bare_log, options.workers)
        try:
            base, bare_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{bare_port}/"
            wait_until_serving(app, base, app_log, options.workers)
            wait_until_serving(bare, bare_url.rstrip("/"), bare_log, options.workers)
            memory = {
                "start_mb": [memory_mb(pid) for pid in workers_of(app)],
                "bare_start_mb": [memory_mb(pid) for pid in workers_of(bare)],
            }
            print(f"  workers' RSS at start: {memory['start_mb']} MB")
            cookies = {
                None: None,
                "kpk": "sessionid="
                + sign_in(
                    base, subjects["kpk_manager"], subjects["password"], subjects["totp_secret"]
                ),
                "partner": "sessionid="
                + sign_in(base, subjects["partner_manager"], subjects["password"]),
            }
            ids = {
                "events": {},
                **subjects,
                "busy_entries": subjects["counts"]["busy_agreement_entries"],
            }
            pages = [page for page in PAGES if page.code in options.selected]
            exports = [page for page in EXPORTS if page.code in options.selected]
            # Every page must answer 200 to its subject before anything is measured.
            for page in [*pages, *exports]:
                path = page_path(page, ids)
                if path is None:
                    print(f"  {page.code}: skipped, this checkout has no such page")
                    pages.remove(page)
                    continue
                url = base + path
                status, body, _seconds = fetch(url, cookies[page.subject])
                if status == 404 and page.optional:
                    print(f"  {page.code}: skipped, {url} is not served by this checkout (404)")
                    pages.remove(page)
                    continue
                if status != 200:
                    raise SystemExit(f"{page.code}: {url} answered {status}, not 200.")
            status, _body, _seconds = fetch(bare_url, None)
            if status != 200:
                raise SystemExit(f"The bare page answered {status}, not 200.")

            script = temp / "report.lua"
            script.write_text(WRK_SCRIPT)
            rows = []
            for page in pages:
                url = base + page.path.format(**ids)
                bare_result = wrk(bare_url, script, options)
                result = wrk(url, script, options, cookies[page.subject])
                row = {
                    "code": page.code,
                    "label": page.label.format(**ids),
                    "path": page.path.format(**ids),
                    **result,
                    "bare_rps": bare_result["rps"],
                    "bare_p95_us": bare_result["p95_us"],
                    "ratio": round(result["rps"] / bare_result["rps"], 3),
                }
                rows.append(row)
                print(
                    f"  {page.code:20} {row['rps']:7.1f} req/s  p95 {ms(row['p95_us']):>5} ms"
                    f"  bare {row['bare_rps']:7.1f} req/s  ratio {row['ratio']:.3f}"
                )
            memory["after_pages_mb"] = [memory_mb(pid) for pid in workers_of(app)]

            export_rows = []
            for page in exports:
                url = base + page.path.format(**ids)
                timings, size = [], 0
                for _ in range(3):
                    status, body, seconds = fetch(url, cookies[page.subject])
                    timings.append(round(seconds, 3))
                    size = len(body)
                export_rows.append(
                    {
                        "code": page.code,
                        "label": page.label,
                        "path": page.path,
                        "seconds": timings,
                        "seconds_median": statistics.median(timings),
                        "bytes": size,
                        "workers_rss_mb": [memory_mb(pid) for pid in workers_of(app)],
                        "workers_peak_mb": [memory_mb(pid, "VmHWM") for pid in workers_of(app)],
                    }
                )
        finally:
            stop(app)
            stop(bare)

    print_table(rows, export_rows, memory, send)
    total = time.perf_counter() - started
    print(f"Whole run: {total:.0f} s (data set built in {build_seconds} s).")
    RESULTS.write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "app": str(options.app),
                "app_commit": git_commit(options.app),
                "bench_commit": git_commit(ROOT),
                "wrk": {
                    "threads": options.threads,
                    "connections": options.connections,
                    "duration_s": options.duration,
                },
                "gunicorn_workers": options.workers,
                "data_set": subjects["counts"],
                "build_seconds": build_seconds,
                "collectstatic": {"files": static_files, "seconds": round(collect_seconds, 1)},
                "memory": memory,
                "pages": rows,
                "exports": export_rows,
                "send": send,
                "run_seconds": round(total),
            },
            indent=2,
        )
    )
    print(f"Results: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
