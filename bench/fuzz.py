"""`make fuzz`: schemathesis against the project's own OpenAPI schema on a live server, every check on.

It starts the product server (uvicorn ×2) on a free loopback port over the CI database when DATABASE_URL is
set (else a throwaway SQLite file), migrated and with the demo data loaded, then runs schemathesis three times
with `--checks all` (no 5xx, responses and status codes as documented, schema-valid requests accepted and
schema-invalid ones refused, authentication enforced, a created resource readable, …) and the settings in
bench/schemathesis.toml (the few operations whose schema-valid requests may meet a rule no schema states — a
name already taken, one's own item, an unissued cursor — each with its reason):
- `bob`: demo user bob with a Bearer token (password DEMO_PASSWORD, default `tradepost`); examples, coverage
  (schema-derived edge cases) and random fuzzing; 15 examples per operation and cycle, 240 s.
- `bob-stateful`: the stateful phase — sequences of calls that follow the links between operations, which
  schemathesis infers from the schema (a response's `id` feeding `{item_id}`, `Location` headers; ~280 links);
  150 s.
- `anonymous`: no credentials, examples and fuzzing, 5 examples, 90 s (nearly every operation answers 401
  before reading its input).
A fixed seed; each run has a time budget, which schemathesis spends and then reports (FUZZ_EXAMPLES and
FUZZ_SECONDS override all runs; FUZZ_RUNS=bob,anonymous picks runs). Exit status non-zero on any failure.

    make fuzz                       # or: .venv/bin/python -m bench.fuzz
    FUZZ_EXAMPLES=50 FUZZ_SECONDS=1200 make fuzz      # a deeper run
    FUZZ_INCLUDE_PATH_REGEX='^/api/v1/items' make fuzz   # only some operations
    FUZZ_SEED=7 make fuzz                              # another draw

Generation never sends NUL or lone surrogates (`--generation-allow-x00 false --generation-codec utf-8`): the
API refuses both in any text by design (common.jsonlimits; PostgreSQL stores neither, and a lone surrogate is
not Unicode text). That narrows the data, not a check.
FUZZ_PORT fixes the server's port (else a free one).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import BENCH_SECRETS, PYTHON, ROOT, http_json, running_server


def fuzz_env(sqlite_path: Path) -> dict[str, str]:
    env = os.environ.copy()
    env.setdefault("DATABASE_URL", f"sqlite:///{sqlite_path}")
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"  # the product settings without throttles
    env["DEBUG"] = "0"
    for name, value in BENCH_SECRETS.items():
        env.setdefault(name, value)
    env.setdefault("LOG_LEVEL", "WARNING")
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("TRADEPOST_NAMESPACE", f"tp:fuzz:{os.getpid()}")
    env.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


# Signed in, every operation gets the coverage phase (schema-derived edge cases: where the 5xx were) and
# random fuzzing; the stateful phase has its own run so that it gets its own budget. Anonymous, nearly every
# operation answers 401 before reading its input, so a short random run checks the 401s and the public
# endpoints. Each run has a time budget (schemathesis --max-time ends it gracefully and reports what it found;
# fuzzing repeats until the budget is spent), so `make fuzz` takes the same few minutes on any machine.
RUNS = {
    "bob": {"user": "bob", "phases": "examples,coverage,fuzzing", "examples": "15", "seconds": "240"},
    "bob-stateful": {"user": "bob", "phases": "stateful", "examples": "15", "seconds": "150"},
    "anonymous": {"user": None, "phases": "examples,fuzzing", "examples": "5", "seconds": "90"},
}


def schemathesis_command(base: str, token: str | None, report: Path, run: dict) -> list[str]:
    command = [
        PYTHON, "-c", "import sys; from schemathesis.cli import schemathesis; sys.exit(schemathesis())",
        "--config-file", str(ROOT / "bench" / "schemathesis.toml"),
        "run", f"{base}/api/schema/",
        "--checks", "all",
        "--phases", os.environ.get("FUZZ_PHASES", run["phases"]),
        "--max-examples", os.environ.get("FUZZ_EXAMPLES", run["examples"]),
        "--max-time", os.environ.get("FUZZ_SECONDS", run["seconds"]),
        "--seed", os.environ.get("FUZZ_SEED", "20261121"),
        "--workers", os.environ.get("FUZZ_WORKERS", "1"),
        "--request-timeout", "20",
        # Text the API refuses by design (DESIGN §9, common.jsonlimits: PostgreSQL stores neither): NUL, and lone
        # surrogates, which are not Unicode text at all (no UTF-8 encoding). Generation, not a check, is narrowed.
        "--generation-allow-x00", "false", "--generation-codec", "utf-8",
        "--suppress-health-check", "all",
        "--no-shrink",
        "--report", "junit", "--report-junit-path", str(report),
        "--warnings", "off",
    ]
    if os.environ.get("FUZZ_INCLUDE_PATH_REGEX"):
        command += ["--include-path-regex", os.environ["FUZZ_INCLUDE_PATH_REGEX"]]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    return command


def main() -> int:
    password = os.environ.get("DEMO_PASSWORD", "tradepost")
    with tempfile.TemporaryDirectory(prefix="tp-fuzz-") as tmp:
        env = fuzz_env(Path(tmp) / "fuzz.sqlite3")
        env["MEDIA_ROOT"] = str(Path(tmp) / "media")
        env["CELERY_DATA_DIR"] = str(Path(tmp) / "celery")
        print(f"fuzz: database {env['DATABASE_URL']}", flush=True)
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "demo_data"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        outcomes = {}
        with running_server("uvicorn", workers=2, env=env, name="fuzz",
                            port=int(os.environ.get("FUZZ_PORT") or 0) or None) as server:
            status, body = http_json(server.base, "POST", "/api/v1/auth/token", {"username": "bob", "password": password})
            if status != 200:
                print(f"fuzz: cannot log in as bob: {status} {body}", flush=True)
                return 2
            token = body["data"]["access"]
            chosen = os.environ.get("FUZZ_RUNS", ",".join(RUNS)).split(",")
            for label in chosen:
                run = RUNS[label]
                credential = token if run["user"] else None
                report = Path(os.environ.get("FUZZ_REPORT_DIR", tmp)) / f"fuzz-{label}.xml"
                print(f"\n== schemathesis: {label}", flush=True)
                # A safety net only: schemathesis stops itself at --max-time.
                timeout = int(os.environ.get("FUZZ_SECONDS", run["seconds"])) + 180
                try:
                    result = subprocess.run(schemathesis_command(server.base, credential, report, run), cwd=ROOT,
                                            env=env, timeout=timeout)
                    outcomes[label] = result.returncode
                except subprocess.TimeoutExpired:
                    print(f"fuzz: run as {label} exceeded {timeout}s", flush=True)
                    outcomes[label] = -1
        with contextlib.suppress(Exception):
            if "sqlite" in env["DATABASE_URL"]:
                Path(env["DATABASE_URL"].removeprefix("sqlite:///")).unlink(missing_ok=True)
    print("\nfuzz: " + ", ".join(f"{label} {'passed' if code == 0 else f'FAILED ({code})'}" for label, code in outcomes.items()))
    return 0 if all(code == 0 for code in outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
