"""Both catalogs cover every string of the code and templates: extracting the messages afresh (makemessages,
in a copy of the project) finds no msgid the committed en or zh_Hans catalog lacks, and no Chinese entry
is empty or fuzzy. Run `make messages` and translate to fix a failure."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("zh_Hans", "en")
SKIP = shutil.ignore_patterns(".venv", ".git", "staticfiles", "media", "test-artifacts", "node_modules", "__pycache__",
                              "*.mo", "db.sqlite3*", ".celery", "bench", "tests", ".pytest_cache", ".ruff_cache")
ENTRY = re.compile(r'^(?:#[^\n]*\n)*msgid ((?:"[^\n]*"\n)+)(?:msgid_plural[^\n]*\n(?:"[^\n]*"\n)*)?'
                   r'((?:msgstr(?:\[\d\])? (?:"[^\n]*"\n)+)+)', re.M)


def _entries(po: Path) -> dict[str, tuple[bool, bool]]:
    """msgid → (translated, fuzzy) for every live entry of a .po file."""
    text = po.read_text(encoding="utf-8").split("\n#~", 1)[0] + "\n"
    found = {}
    for block in text.split("\n\n"):
        block = "\n".join(line for line in block.splitlines() if not line.startswith("#~")) + "\n"
        for match in ENTRY.finditer(block):
            msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
            if not msgid:
                continue  # the header
            strings = re.findall(r'"(.*)"', match.group(2))
            found[msgid] = (any(strings), "fuzzy" in match.group(0).split("msgid", 1)[0])
    return found


def _catalogs(root: Path) -> dict[str, Path]:
    return {str(po.relative_to(root)): po for po in root.glob("**/locale/*/LC_MESSAGES/django.po")
            if ".venv" not in po.parts}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path_factory.mktemp("catalogs") / "project"
    shutil.copytree(ROOT, copy, ignore=SKIP, symlinks=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", *(f"--locale={lang}" for lang in LANGUAGES), "--no-location",
         "--ignore=.venv", "--ignore=staticfiles"],
        cwd=copy, check=True, capture_output=True,
    )
    return copy


def test_every_string_of_the_code_and_templates_is_in_both_catalogs(fresh):
    missing = {}
    for name, po in _catalogs(fresh).items():
        committed = ROOT / name
        known = _entries(committed) if committed.exists() else {}
        lacking = sorted(set(_entries(po)) - set(known))
        if lacking:
            missing[name] = lacking[:20]
    assert missing == {}, "run `make messages` and translate"


def test_every_chinese_entry_is_translated_and_not_fuzzy():
    bad = {}
    for name, po in _catalogs(ROOT).items():
        if "/zh_Hans/" not in f"/{name}":
            continue
        entries = _entries(po)
        untranslated = sorted(msgid for msgid, (translated, fuzzy) in entries.items() if not translated or fuzzy)
        if untranslated:
            bad[name] = untranslated[:20]
    assert bad == {}


def test_the_catalogs_are_compiled(tmp_path):
    """Each committed .mo holds what its .po compiles to (by content: a checkout's file times mean nothing)."""
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext is not installed")
    for name, po in _catalogs(ROOT).items():
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"compile {name} (make messages)"
        fresh = tmp_path / "fresh.mo"
        subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True, capture_output=True)
        with mo.open("rb") as committed, fresh.open("rb") as compiled:
            assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(compiled)._catalog, (
                f"compile {name} (make messages)")
