"""Steps the issue-16 journeys share: the main menu, a button that asks for confirmation first, and axe-core
on the page reached (axe-playwright-python, as tests/e2e/test_accessibility.py): no serious or critical
violation."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING = {"serious", "critical"}
_AXE = Axe()


def assert_accessible(page) -> None:
    violations = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in _AXE.run(page).response["violations"] if v["impact"] in BLOCKING
    ]
    assert violations == [], f"{page.url}: {violations}"


def menu(page, name: str) -> None:
    """Follow a link of the site's main menu."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()


def press_confirmed(page, button: str) -> list[str]:
    """Press a button whose form asks first (data-confirm), accept, and answer what was asked."""
    asked = []

    def accept(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name=button).click()
    return asked
