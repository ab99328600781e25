"""`make bench`: prepare PostgreSQL + Redis, run every benchmark module in its own subprocess (with a
timeout), print one line per figure `name: value unit (floor value unit, ratio)` and record the figures
with the date and the machine in bench/README.md.

A benchmark is any `bench/<name>.py` that defines `main()`, except the infrastructure modules below.
Benchmarks should print the standard line (bench.common.figure); `key=value` lines are recorded too.

    python -m bench.run_all                 # everything
    python -m bench.run_all floors serving  # only these modules (BENCH_RECORD=1: record them too)
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

from bench.common import PYTHON, ROOT, bench_env, ensure_database, fmt

BENCH_DIR = ROOT / "bench"
README = BENCH_DIR / "README.md"
INFRASTRUCTURE = {"__init__", "common", "http", "growth_data", "run_all", "settings", "floor_urls", "fuzz"}
TIMEOUT = int(os.environ.get("BENCH_TIMEOUT", "900"))
BEGIN, END = "<!-- bench-figures:begin -->", "<!-- bench-figures:end -->"

STANDARD = re.compile(
    r"^(?P<name>\S+): (?P<value>-?[\d.]+) (?P<unit>\S+)"
    r"(?: \(floor (?P<floor>-?[\d.]+) \S+, (?P<ratio>-?[\d.]+)\))?\s*$"
)
KEY_VALUE = re.compile(r"(?P<key>[A-Za-z_][\w.]*)=(?P<value>-?\d+(?:\.\d+)?)(?P<unit>[a-z/%]*)")


def discover(selected: list[str] | None = None) -> list[str]:
    """Modules in bench/ that define a top-level main(), in name order."""
    names = []
    for path in sorted(BENCH_DIR.glob("*.py")):
        name = path.stem
        if name in INFRASTRUCTURE or (selected and name not in selected):
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        if any(isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "main" for node in tree.body):
            names.append(name)
    return names


def _unit_for(key: str, explicit: str) -> str:
    if explicit:
        return explicit
    if key.endswith("_ms") or "_ms_" in key:
        return "ms"
    if key.endswith("per_second") or key.endswith("_rps") or key.endswith("per_s"):
        return "/s"
    if key.endswith("seconds") or key.endswith("_s"):
        return "s"
    return ""


def parse_figures(module: str, lines: list[str]) -> list[dict]:
    """Standard lines become one figure each; other lines with `key=value` numbers one figure per pair."""
    figures = []
    for raw in lines:
        line = raw.strip()
        match = STANDARD.match(line)
        if match:
            figures.append({
                "module": module, "name": match["name"], "value": float(match["value"]), "unit": match["unit"],
                "floor": float(match["floor"]) if match["floor"] else None,
                "ratio": float(match["ratio"]) if match["ratio"] else None,
            })
            continue
        prefix = line.split(":", 1)[0].strip() if ":" in line.split("=", 1)[0] else ""
        for pair in KEY_VALUE.finditer(line):
            name = f"{prefix}.{pair['key']}" if prefix and not pair["key"].startswith(prefix) else pair["key"]
            figures.append({
                "module": module, "name": name, "value": float(pair["value"]),
                "unit": _unit_for(pair["key"], pair["unit"]), "floor": None, "ratio": None,
            })
    return figures


def run_module(name: str, env: dict[str, str]) -> tuple[int, list[str], float]:
    """Run one benchmark's main() in a subprocess, echoing its output; (exit code, lines, seconds)."""
    code = f"import sys, importlib; sys.exit(importlib.import_module('bench.{name}').main())"
    started = time.monotonic()
    process = subprocess.Popen(
        [PYTHON, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    try:
        deadline = started + TIMEOUT
        assert process.stdout is not None
        for line in process.stdout:
            print(f"  [{name}] {line.rstrip()}", flush=True)
            lines.append(line)
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(name, TIMEOUT)
        returncode = process.wait(timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        from bench.common import stop_process

        stop_process(process)
        print(f"  [{name}] TIMEOUT after {TIMEOUT}s", flush=True)
        returncode = -1
    return returncode, lines, time.monotonic() - started


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.node()}: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def _kept_rows(text: str, modules: set[str]) -> list[str]:
    """Rows of the recorded table for modules this run did not run (a partial run keeps the others)."""
    if BEGIN not in text or END not in text:
        return []
    block = text.split(BEGIN, 1)[1].split(END, 1)[0]
    return [line for line in block.splitlines() if line.startswith("| ")
            and line.split("|")[1].strip() not in {"module", "---", *modules}]


def write_readme(figures: list[dict], outcomes: dict[str, int], when: str) -> None:
    text = README.read_text() if README.exists() else "# Benchmarks\n\n## Latest figures\n\n"
    rows = ["| module | figure | value | unit | floor | ratio |", "| --- | --- | --- | --- | --- | --- |"]
    kept = _kept_rows(text, set(outcomes))
    for item in figures:
        floor = fmt(item["floor"]) if item["floor"] is not None else ""
        ratio = f"{item['ratio']:.2f}" if item["ratio"] is not None else ""
        rows.append(f"| {item['module']} | {item['name']} | {fmt(item['value'])} | {item['unit']} | {floor} | {ratio} |")
    status = ", ".join(f"{name}: {'ok' if code == 0 else f'FAILED ({code})'}" for name, code in outcomes.items())
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    scope = "all modules" if not kept else "these modules; the rows of the others are from an earlier run"
    block = "\n".join([BEGIN, f"Latest run: {when} on {machine()}, load average {load:.1f} at the end.", "",
                       f"Modules ({scope}): {status}.", "", *rows, *kept, END])
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    README.write_text(text)


def main(argv: list[str] | None = None) -> int:
    selected = (argv if argv is not None else sys.argv[1:]) or None
    env = bench_env()
    print(f"database {env['DATABASE_URL']}, redis {env['REDIS_URL']}", flush=True)
    ensure_database(env)
    modules = discover(selected)
    if not modules:
        print("no benchmark modules found", flush=True)
        return 1
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    figures: list[dict] = []
    outcomes: dict[str, int] = {}
    for name in modules:
        print(f"== {name}", flush=True)
        code, lines, seconds = run_module(name, env)
        outcomes[name] = code
        figures += parse_figures(name, lines)
        print(f"== {name}: {'ok' if code == 0 else f'exit {code}'} in {seconds:.0f}s", flush=True)
    print("\n== figures", flush=True)
    for item in figures:
        line = f"{item['name']}: {fmt(item['value'])} {item['unit']}".rstrip()
        if item["floor"] is not None:
            line += f" (floor {fmt(item['floor'])} {item['unit']}, {item['ratio']:.2f})"
        print(line, flush=True)
    if not selected or os.environ.get("BENCH_RECORD") == "1":
        write_readme(figures, outcomes, when)
        print(f"\nrecorded in {README.relative_to(ROOT)}", flush=True)
    return 0 if all(code == 0 for code in outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
