"""`make run`'s runtime end to end (issue 18, DESIGN §2 and §9 "Embedded runtime"): the README's command on
a spare port with 3-second timeouts; a notice a periodic job sends reaches an open socket live; `kill -9`
leaves nothing behind and the next start runs exactly one beat.

Slow (two starts with migrations and demo data, ~40 s each): set RUN_PORT to pick the port."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 3
LIVE_WITHIN = 5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One `make run` in its own process group, its output in a file."""

    def __init__(self, tmp: Path, port: int, name: str):
        self.base = f"http://127.0.0.1:{port}"
        self.port = port
        self.log_path = tmp / f"{name}.log"
        self.lock_path = tmp / "celery" / "serve.lock"
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL", "PYTEST_XDIST_WORKER")}
        env.update(
            HOST="127.0.0.1", PORT=str(port), DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
            CELERY_DATA_DIR=str(tmp / "celery"), TRADE_SELLER_ACCEPT_TIMEOUT=str(TIMEOUT),
            ORDER_PAYMENT_TIMEOUT=str(TIMEOUT), TRADE_SWEEP_INTERVAL="1", ORDER_SWEEP_INTERVAL="1",
        )
        with open(self.log_path, "wb") as log:
            # `-o .venv/.installed`: the checkout's virtualenv is already there; the rest is the README's command.
            self.make = subprocess.Popen(
                ["make", "-o", ".venv/.installed", "run"], cwd=ROOT, env=env, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.make.poll() is not None:
                pytest.fail(f"make run exited ({self.make.returncode}):\n{self.log()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        pytest.fail(f"make run did not get ready:\n{self.log()[-3000:]}")

    def api(self, method: str, path: str, body: dict | None = None, token: str | None = None) -> dict:
        request = urllib.request.Request(
            f"{self.base}/api/v1/{path}", method=method, data=json.dumps(body or {}).encode(),
            headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
        )
        with urllib.request.urlopen(request, timeout=20) as answer:
            return json.loads(answer.read())["data"]

    def token(self, username: str) -> str:
        return self.api("POST", "auth/token", {"username": username, "password": "tradepost"})["access"]

    def socket(self, token: str):
        ws = connect(f"ws://127.0.0.1:{self.port}/ws/chat/", open_timeout=10)
        ws.send(json.dumps({"type": "auth", "token": token}))
        assert json.loads(ws.recv(timeout=10))["ok"] is True
        return ws

    def group_alive(self) -> list[int]:
        """Pids still alive in the process group `make run` started."""
        alive = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.getpgid(int(entry.name)) == self.make.pid and not _zombie(int(entry.name)):
                        alive.append(int(entry.name))
                except (ProcessLookupError, PermissionError):
                    pass
        return alive

    def stop(self) -> None:
        if self.make.poll() is None:
            try:
                os.killpg(self.make.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.make.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.make.pid, signal.SIGKILL)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except OSError:
        return True


def _frame_for(ws, match, *, until: float) -> tuple[dict, float]:
    """The first frame with match(frame) true, and when it arrived (UTC timestamp)."""
    while (left := until - time.time()) > 0:
        try:
            frame = json.loads(ws.recv(timeout=left))
        except TimeoutError:
            break
        if match(frame):
            return frame, time.time()
    pytest.fail("no matching frame reached the open socket in time")


def _ts(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


@pytest.fixture
def run_port():
    return int(os.environ.get("RUN_PORT") or _free_port())


@pytest.mark.filterwarnings("ignore:connect\\(\\) must be used")
@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "python").exists(), reason="needs the checkout's .venv")
def test_make_run_pushes_job_notices_live_and_leaves_nothing_after_kill(tmp_path, run_port):
    server = Server(tmp_path, run_port, "first")
    try:
        server.wait_ready()
        bob, fun = server.token("bob"), server.token("fun")
        ws = server.socket(bob)

        # 1. The seller-accept timeout, fired by beat + worker in the server process, reaches bob's socket.
        items = server.api("GET", "items?state=on_sale&size=100")["list"]
        item = next(i for i in items if i["title"].startswith("高数教材"))
        trade = server.api("POST", f"items/{item['id']}/want", token=bob)
        deadline = _ts(trade["created_at"]) + TIMEOUT
        frame, arrived = _frame_for(
            ws, lambda f: (f.get("data") or {}).get("trade") == trade["id"]
            and (f.get("data") or {}).get("state") == "cancelled",
            until=deadline + LIVE_WITHIN + 2,
        )
        assert frame["type"] == "system" and frame["data"]["cancel_reason"]
        assert arrived - deadline <= LIVE_WITHIN

        # 2. An unpaid activity-fee order cancelled by ORDER_PAYMENT_TIMEOUT reaches bob's socket too.
        start = datetime.now(UTC) + timedelta(days=3)
        activity = server.api("POST", "activities", {
            "title": "fee walk", "start_time": start.isoformat(), "end_time": (start + timedelta(hours=2)).isoformat(),
            "fee": "9.90", "max_participants": 5,
        }, token=fun)
        registration = server.api("POST", f"activities/{activity['id']}/register", token=bob)
        order_id = str(registration["order_id"])
        placed = time.time()
        frame, arrived = _frame_for(
            ws, lambda f: f.get("orderId") == order_id and (f.get("data") or {}).get("state") == "cancelled",
            until=placed + TIMEOUT + LIVE_WITHIN + 2,
        )
        assert frame["data"]["order"] == order_id
        assert arrived - (placed + TIMEOUT) <= LIVE_WITHIN
        ws.close()

        # 3. kill -9 of `manage.py serve`: its worker and beat are threads, so nothing of it remains.
        serve_pid = int(server.lock_path.read_text())
        assert "manage.py" in Path(f"/proc/{serve_pid}/cmdline").read_text()
        os.kill(serve_pid, signal.SIGKILL)
        server.make.wait(timeout=20)
        time.sleep(0.5)
        assert server.group_alive() == []
        assert server.log().count("beat: Starting") == 1
    finally:
        server.stop()

    # 4. A second start takes the jobs lock and runs exactly one beat.
    second = Server(tmp_path, run_port, "second")
    try:
        second.wait_ready()
        deadline = time.monotonic() + 20
        while "beat: Starting" not in second.log() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert second.log().count("beat: Starting") == 1
        assert "worker and beat running in this process" in second.log()
        assert int(second.lock_path.read_text()) != serve_pid
    finally:
        second.stop()
