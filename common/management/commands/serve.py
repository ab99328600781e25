"""Run the embedded default: the ASGI server (HTTP + WebSocket) plus a Celery worker with embedded beat,
so periodic jobs fire with no server installed (filesystem broker, SQLite)."""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Tradepost on HOST:PORT with websockets and periodic jobs (embedded mode)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--no-worker", action="store_true", help="Do not start the Celery worker/beat.")

    def handle(self, *args, host, port, no_worker, **options):
        import uvicorn

        worker = None
        if not no_worker:
            for folder in ("queue", "processed", "control"):
                (settings.CELERY_DATA_DIR / folder).mkdir(parents=True, exist_ok=True)
            worker = subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "config", "worker", "--beat",
                    "--pool", "solo", "--loglevel", "INFO",
                    "--schedule", str(settings.CELERY_DATA_DIR / "beat-schedule"),
                ],
                env=os.environ.copy(),
            )
            self.stdout.write(f"Celery worker + beat started (pid {worker.pid}).")
        self.stdout.write(f"Serving on http://{host}:{port}/  (websocket: ws://{host}:{port}/ws/chat/)")
        try:
            uvicorn.run("config.asgi:application", host=host, port=port, log_level="info", lifespan="off")
        finally:
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
