"""axe-core on the page a journey has just reached (axe-playwright-python, as tests/e2e/test_accessibility.py):
no serious or critical violation."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING = {"serious", "critical"}
_AXE = Axe()


def assert_accessible(page) -> None:
    violations = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in _AXE.run(page).response["violations"] if v["impact"] in BLOCKING
    ]
    assert violations == [], f"{page.url}: {violations}"
