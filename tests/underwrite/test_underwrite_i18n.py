"""Every underwrite string ships in Simplified Chinese (DESIGN §7), compiled."""

import re
from pathlib import Path

import underwrite

LOCALE = Path(underwrite.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_the_catalog_is_complete_and_compiled():
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]  # after the header
    untranslated = [e for e in entries if re.search(r'^msgstr ""\s*$', e, re.M)]
    assert not untranslated
    assert "#, fuzzy" not in po
    mo = LOCALE / "django.mo"
    assert mo.exists() and mo.stat().st_size > 1000
