"""Run the embedded default (DESIGN §2, §9 "Embedded runtime"): the ASGI server (HTTP + WebSocket) with the
Celery worker and beat as threads of the same process.

Threads, not child processes: the in-memory channel layer lives in this process, so a notice a periodic
job sends reaches open sockets live (common.channel_layer), and nothing outlives the server — `kill -9`
takes the worker and beat with it. A file lock in CELERY_DATA_DIR lets only one server on this checkout
run the periodic jobs, so two `make run`s never run two beats.
"""

import fcntl
import os
import threading

import uvicorn
from celery import beat
from celery.worker import WorkController
from django.conf import settings
from django.core.management.base import BaseCommand

from config.celery import app as celery_app


def acquire_jobs_lock(path):
    """Hold an exclusive lock on `path` for the life of the process; None when another process holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")  # noqa: SIM115 — kept open: the kernel releases the lock when the process dies
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


class EmbeddedJobs:
    """A solo Celery worker and beat, each in a daemon thread of this process."""

    def __init__(self, app):
        if not settings.REDIS_URL:
            # The in-memory transport: the broker is this process, shared by the beat and worker threads and
            # by any request that queues a task.
            app.conf.broker_url = "memory://"
            app.conf.broker_transport_options = {}
        self.worker = WorkController(
            app=app, pool_cls="solo", concurrency=1, loglevel="INFO",
            without_heartbeat=True, without_mingle=True, without_gossip=True,
            hostname=f"serve-{os.getpid()}@embedded",
        )
        self.beat = beat.Service(app, schedule_filename=str(settings.CELERY_DATA_DIR / "beat-schedule"))
        self.threads = [
            threading.Thread(target=self.worker.start, name="celery-worker", daemon=True),
            threading.Thread(target=self.beat.start, name="celery-beat", daemon=True),
        ]

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.beat.stop()
        self.worker.stop(in_sighandler=False)


class Command(BaseCommand):
    help = "Serve Tradepost on HOST:PORT with websockets and periodic jobs (embedded mode)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--no-worker", action="store_true", help="Do not run the Celery worker/beat.")

    def handle(self, *args, host, port, no_worker, **options):
        jobs = None
        if no_worker:
            self.stdout.write("Periodic jobs: off (--no-worker).")
        elif (lock := acquire_jobs_lock(settings.CELERY_DATA_DIR / "serve.lock")) is None:
            self.stdout.write("Periodic jobs: another server on this checkout runs them; serving only.")
        else:
            jobs = EmbeddedJobs(celery_app)
            jobs.start()
            self.stdout.write(f"Periodic jobs: Celery worker and beat running in this process (pid {os.getpid()}).")
        self.stdout.write(f"Serving on http://{host}:{port}/  (websocket: ws://{host}:{port}/ws/chat/)")
        self.stdout.flush()
        try:
            uvicorn.run("config.asgi:application", host=host, port=port, log_level="info", lifespan="off")
        finally:
            if jobs is not None:
                jobs.stop()
                lock.close()
