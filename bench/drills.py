"""Fault drills: notifications recover from a lost Redis, dead workers, a frozen mail server and a
database outage, with the production timers.

    make drills                                  # all five, about 10-15 minutes
    .venv/bin/python bench/drills.py worker_kills smtp_frozen --freeze-seconds 60

Everything runs on this machine, on instances of its own: a PostgreSQL cluster (initdb in a
temporary directory, port 15432) and a Redis server (port 16379), both stopped and started by
the drills; an SMTP sink (aiosmtpd, in its own process, which a drill can freeze with SIGSTOP);
a Celery worker with two pool processes, beat, and for the database drill gunicorn with two
workers. The shared PostgreSQL and Redis are never touched. Each drill prints what was recorded
(deliveries), delivered (distinct Message-IDs at the sink), lost, sent twice, and the seconds
from the fault's end to the last email; the database drill prints the status codes during the
outage and the failures after it. docs/OPERATIONS.md explains them and records the figures.
"""

import argparse
import collections
import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_PORT = int(os.environ.get("DRILL_PG_PORT", 15432))
REDIS_PORT = int(os.environ.get("DRILL_REDIS_PORT", 16379))
DATABASE_URL = f"postgres://postgres@127.0.0.1:{PG_PORT}/drills"
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"
USERS = 2_000
# A drill gives up waiting for its emails after this long.
DRILL_TIMEOUT = 540
LOGS = ROOT / "var" / "drills"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {text}", flush=True)


def wait_until(condition, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if candidates:
        return str(candidates[-1])
    raise SystemExit(f"{name} not found (PostgreSQL's server binaries are needed).")


class Postgres:
    """A throwaway PostgreSQL cluster; run as the postgres user when we are root."""

    def __init__(self, directory: Path):
        self.data = directory / "pg"
        self.socket_dir = directory / "pg-socket"
        self.log = LOGS / "postgres.log"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *command):
        subprocess.run([*self.as_user, *command], check=True, stdout=subprocess.DEVNULL)

    def init(self):
        self.socket_dir.mkdir()
        if self.as_user:
            shutil.chown(self.data.parent, "postgres")
            shutil.chown(self.socket_dir, "postgres")
            self.log.touch()
            shutil.chown(self.log, "postgres")
        self._run(_binary("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")
        self.start()

    def start(self):
        options = (
            f"-p {PG_PORT} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=100"
        )
        self._run(
            _binary("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self):
        self._run(_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self):
        import psycopg

        with psycopg.connect(
            f"postgres://postgres@127.0.0.1:{PG_PORT}/postgres", autocommit=True
        ) as connection:
            connection.execute("CREATE DATABASE drills")


class Redis:
    """A Redis server that keeps nothing on disk, as the production one (messages vanish)."""

    def __init__(self):
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_until(self.answers, 10, 0.05):
            raise SystemExit("The drills' Redis did not start.")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def run_sink(port: int, path: str, delay: float):
    """The SMTP sink (its own process): one line per accepted email, its time and Message-ID."""
    import asyncio

    from aiosmtpd.controller import Controller

    output = open(path, "a", buffering=1)  # noqa: SIM115 (open for the process's life)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            if delay:
                await asyncio.sleep(delay)
            content = envelope.content
            start = content.find(b"Message-ID: ")
            message_id = content[start + 12 : content.find(b"\r\n", start)].decode()
            output.write(f"{time.time():.3f} {message_id}\n")
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    while True:  # until terminated
        time.sleep(3600)


class Sink:
    def __init__(self, name: str, delay: float = 0.0):
        self.port = free_port()
        self.path = LOGS / f"{name}-sink.txt"
        self.path.write_text("")
        self.delay = delay
        self.process = None

    def start(self):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.process = context.Process(
            target=run_sink, args=(self.port, str(self.path), self.delay), daemon=True
        )
        self.process.start()
        if not wait_until(lambda: listening(self.port), 20, 0.05):
            raise SystemExit("The SMTP sink did not start.")

    def freeze(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        self.thaw()
        self.process.terminate()
        self.process.join(10)

    def emails(self) -> list[tuple[float, str]]:
        lines = self.path.read_text().splitlines()
        pairs = (line.split(" ", 1) for line in lines)
        return [(float(when), message_id) for when, message_id in pairs]


def django_environment(smtp_port: int) -> dict:
    return {
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "DJANGO_SECRET_KEY": "drills-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "SINERGI_STATIC_MANIFEST": "false",
        "SINERGI_SITE_URL": "https://sinergi.example.go.id",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


class Background:
    """The Celery worker (two pool processes) and beat, each in its own process group."""

    def __init__(self, name: str, env: dict):
        self.env = os.environ | env
        self.name = name
        self.worker = self.beat = None

    def _spawn(self, arguments, log_name):
        log = (LOGS / f"{self.name}-{log_name}.log").open("a")
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *arguments],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start(self, directory: Path):
        self.worker = self._spawn(
            [
                "worker",
                "--concurrency=2",
                "--pool=prefork",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            "worker",
        )
        schedule = directory / f"{self.name}-beat-schedule"
        self.beat = self._spawn(["beat", "--loglevel=WARNING", f"--schedule={schedule}"], "beat")
        if not wait_until(lambda: len(self.pool()) >= 2, 60):
            raise SystemExit(f"The worker did not start; see {LOGS}/{self.name}-worker.log")
        time.sleep(1)

    def pool(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.worker.pid}/task/{self.worker.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def stop(self):
        for process in (self.worker, self.beat):
            if process is None or process.poll() is not None:
                continue
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


class Drills:
    def __init__(self, directory: Path, options):
        self.directory = directory
        self.options = options
        self.postgres = Postgres(directory)
        self.redis = Redis()
        self.results = []

    # Set-up.

    def prepare(self):
        say(f"Starting PostgreSQL on port {PG_PORT} and Redis on port {REDIS_PORT} (our own)")
        self.postgres.init()
        self.postgres.create_database()
        self.redis.start()
        os.environ.update(django_environment(smtp_port=1))
        sys.path.insert(0, str(ROOT))
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, check=True
        )
        import django

        django.setup()
        from django.contrib.auth.hashers import make_password

        from accounts.models import User
        from notifications.kinds import Kind, Mode, register_kind

        password = make_password(None)
        User.objects.bulk_create(
            User(
                email=f"user{number}@drills.sinergi.id",
                full_name=f"Pengguna {number}",
                language="id" if number % 2 else "en",
                password=password,
            )
            for number in range(USERS)
        )
        register_kind(
            Kind(
                code="drills.published",
                label="Published",
                message="%(target)s published.",
                default_mode=Mode.EMAIL,
            )
        )
        self.users = list(User.objects.order_by("pk"))

    def reset(self):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE notifications_notification, notifications_delivery CASCADE")
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()

    def notify(self, users, number: int) -> float:
        """One committed notify() to ``users``; returns how long the caller waited."""
        from django.db import transaction

        from notifications.services import Link, notify

        started = time.monotonic()
        with transaction.atomic():
            notify("drills.published", users, target=Link(f"/c/{number}/", f"Poster {number}"))
        return time.monotonic() - started

    def run(self, name: str, fault, *, sink_delay: float = 0.0):
        """Start a sink, a worker and beat; apply ``fault``; wait for every email; report."""
        from notifications.models import Delivery

        self.reset()
        sink = Sink(name, delay=sink_delay)
        sink.start()
        os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{sink.port}"
        background = Background(name, django_environment(sink.port))
        background.start(self.directory)
        say(f"{name}: started")
        outcome = {"raised": 0, "slowest_notify": 0.0}
        try:
            fault_end = fault(sink, background, outcome)
            recorded = Delivery.objects.count()
            done = wait_until(
                lambda: (
                    len({message_id for _when, message_id in sink.emails()}) >= recorded
                    and not Delivery.objects.filter(status__in=["pending", "sending"]).exists()
                ),
                DRILL_TIMEOUT,
                1,
            )
        finally:
            background.stop()
            sink.stop()
        received = sink.emails()
        counts = collections.Counter(message_id for _when, message_id in received)
        last = max((when for when, _id in received), default=fault_end)
        result = {
            "drill": name,
            "recorded": recorded,
            "delivered": len(counts),
            "lost": recorded - len(counts),
            "sent twice": sum(count - 1 for count in counts.values()),
            "seconds after the fault": round(last - fault_end, 1),
            "notify() raised": outcome["raised"],
            "slowest notify() (s)": round(outcome["slowest_notify"], 2),
            "statuses": dict(
                collections.Counter(Delivery.objects.values_list("status", flat=True))
            ),
        }
        if not done:
            result["timed out"] = f"after {DRILL_TIMEOUT} s"
        self.report(result)
        return result

    def report(self, result: dict):
        self.results.append(result)
        say(" | ".join(f"{key}: {value}" for key, value in result.items()))

    def burst(self, count: int, per_call: int, outcome: dict, *, pause: float = 0.0, start=0):
        for number in range(count):
            offset = (start + number * per_call) % USERS
            try:
                waited = self.notify(self.users[offset : offset + per_call], number)
                outcome["slowest_notify"] = max(outcome["slowest_notify"], waited)
            except Exception as error:  # the drill counts what reaches the caller
                outcome["raised"] += 1
                outcome.setdefault("error", repr(error))
            time.sleep(pause)

    # The five drills.

    def redis_restart(self):
        """Redis restarted (empty) in the middle of a burst of 1,000 notifications."""

        def fault(sink, background, outcome):
            self.burst(10, 50, outcome, pause=0.05)
            self.redis.kill()
            self.redis.start()
            fault_end = time.time()
            say("redis_restart: Redis restarted empty after 500 notifications")
            self.burst(10, 50, outcome, pause=0.05, start=500)
            return fault_end

        return self.run("redis_restart", fault)

    def redis_down(self):
        """Redis down for 30 s while notify() is called (1,200 notifications in all)."""
        seconds = self.options.redis_down_seconds

        def fault(sink, background, outcome):
            self.burst(4, 50, outcome)
            self.redis.kill()
            say(f"redis_down: Redis stopped for {seconds} s")
            calls = 16
            self.burst(calls, 50, outcome, pause=seconds / calls, start=200)
            self.redis.start()
            fault_end = time.time()
            say("redis_down: Redis back")
            self.burst(4, 50, outcome, start=1000)
            return fault_end

        return self.run("redis_down", fault)

    def worker_kills(self):
        """A pool process SIGKILLed five times while 2,000 emails are sent."""

        def fault(sink, background, outcome):
            self.burst(40, 50, outcome)
            kills = 0
            while kills < 5:
                time.sleep(2)
                pool = background.pool()
                if pool:
                    os.kill(pool[kills % len(pool)], signal.SIGKILL)
                    kills += 1
            say("worker_kills: 5 pool processes killed")
            return time.time()

        # 20 ms per email at the sink: sending takes about 20 s, so every kill lands mid-batch.
        return self.run("worker_kills", fault, sink_delay=0.02)

    def smtp_frozen(self):
        """The mail server frozen (SIGSTOP) while 500 emails are sent."""
        seconds = self.options.freeze_seconds

        def fault(sink, background, outcome):
            self.burst(10, 50, outcome)
            time.sleep(0.5)
            sink.freeze()
            say(f"smtp_frozen: mail server frozen for {seconds} s")
            time.sleep(seconds)
            sink.thaw()
            say("smtp_frozen: mail server back")
            return time.time()

        return self.run("smtp_frozen", fault, sink_delay=0.01)

    def database(self):
        """PostgreSQL stopped for 20 s under signed-in traffic; then restarted with no traffic."""
        from django.db import connections
        from django.test import Client

        client = Client()
        client.force_login(self.users[0])
        cookie = f"sessionid={client.cookies['sessionid'].value}"
        port = free_port()
        env = os.environ | django_environment(smtp_port=1)
        log = (LOGS / "database-gunicorn.log").open("a")
        web = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        codes = {
            "before": collections.Counter(),
            "during": collections.Counter(),
            "after": collections.Counter(),
        }
        phase = {"name": "before"}
        retry_after = collections.Counter()
        stop = threading.Event()

        def get() -> tuple[int, str]:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/notifications/", headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                return response.status, response.getheader("Retry-After") or ""
            except OSError as error:
                return type(error).__name__, ""

        def load():
            while not stop.is_set():
                status, retry = get()
                codes[phase["name"]][status] += 1
                if retry:
                    retry_after[phase["name"]] += 1
                time.sleep(0.02)

        try:
            wait_until(lambda: get()[0] == 200, 30)
            connections.close_all()
            threads = [threading.Thread(target=load) for _ in range(4)]
            for thread in threads:
                thread.start()
            time.sleep(5)
            phase["name"] = "during"
            self.postgres.stop()
            say("database: PostgreSQL stopped for 20 s under load")
            time.sleep(20)
            self.postgres.start()
            phase["name"] = "after"
            say("database: PostgreSQL back")
            time.sleep(10)
            stop.set()
            for thread in threads:
                thread.join()
            # The case: a restart with no traffic, then the first request of each worker.
            time.sleep(2)
            self.postgres.stop()
            self.postgres.start()
            say("database: PostgreSQL restarted with no traffic")
            quiet = collections.Counter(get()[0] for _ in range(10))
        finally:
            os.killpg(web.pid, signal.SIGTERM)
            web.wait(timeout=30)
        result = {
            "drill": "database",
            "before": dict(codes["before"]),
            "during the outage": dict(codes["during"]),
            "503 with Retry-After": retry_after["during"],
            "after (under load)": dict(codes["after"]),
            "first 10 after a quiet restart": dict(quiet),
            "failures after": sum(n for code, n in codes["after"].items() if code != 200)
            + sum(n for code, n in quiet.items() if code != 200),
        }
        self.report(result)
        return result


DRILLS = ["redis_restart", "redis_down", "worker_kills", "smtp_frozen", "database"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("drills", nargs="*", help=f"some of {', '.join(DRILLS)} (default: all)")
    parser.add_argument("--freeze-seconds", type=int, default=90)
    parser.add_argument("--redis-down-seconds", type=int, default=30)
    options = parser.parse_args()
    unknown = set(options.drills) - set(DRILLS)
    if unknown:
        parser.error(f"unknown drills: {', '.join(sorted(unknown))}")
    LOGS.mkdir(parents=True, exist_ok=True)
    directory = Path(tempfile.mkdtemp(prefix="sinergi-drills-"))
    drills = Drills(directory, options)
    try:
        drills.prepare()
        for name in options.drills or DRILLS:
            getattr(drills, name)()
    finally:
        drills.redis.kill()
        with contextlib.suppress(subprocess.CalledProcessError):
            drills.postgres.stop()
        shutil.rmtree(directory, ignore_errors=True)
    print("\nSummary")
    for result in drills.results:
        print(" | ".join(f"{key}: {value}" for key, value in result.items()))


if __name__ == "__main__":
    main()
