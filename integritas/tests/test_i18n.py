"""The Indonesian catalogue is complete, compiled, and covers every string in the code."""

from __future__ import annotations

import gettext
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import integritas

PACKAGE_DIR = Path(integritas.__file__).resolve().parent
PO_FILE = PACKAGE_DIR / "locale" / "id" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def parse_po(path: Path) -> dict[tuple[str, str], tuple[str, ...]]:
    """{(context, msgid): (msgstr forms...)}, fuzzy entries marked by a leading "#, fuzzy"."""
    entries: dict[tuple[str, str], tuple[str, ...]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        current = None
        fuzzy = False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if line.startswith("#") or not line.strip():
                continue
            if line.startswith('"'):
                fields[current] += _unquote(line)
                continue
            key, _, value = line.partition(" ")
            current = key
            fields[key] = _unquote(value)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        forms = tuple(v for k, v in sorted(fields.items()) if k.startswith("msgstr"))
        entries[(fields.get("msgctxt", ""), fields["msgid"])] = ("#fuzzy",) if fuzzy else forms
    return entries


def _unquote(text: str) -> str:
    return json.loads(text.strip())  # PO string escapes are a subset of JSON's


def test_every_indonesian_entry_is_translated():
    entries = parse_po(PO_FILE)
    assert len(entries) > 100
    missing = [msgid for (_, msgid), forms in entries.items()
               if forms == ("#fuzzy",) or not all(forms)]
    assert not missing, f"untranslated or fuzzy: {missing[:20]}"


def test_compiled_catalogue_matches_the_po_file():
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for (context, msgid), forms in parse_po(PO_FILE).items():
        if context:
            assert compiled.pgettext(context, msgid) == forms[0]
        elif len(forms) == 1:
            assert compiled.gettext(msgid) == forms[0], msgid


def test_catalogue_covers_every_marked_string(tmp_path):
    """Re-extract the messages with makemessages and compare: nothing marked may be missing."""
    assert shutil.which("xgettext"), "gettext is needed for this test (apt-get install gettext)"
    locale_dir = tmp_path / "locale"
    (locale_dir / "id" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO_FILE, locale_dir / "id" / "LC_MESSAGES" / "django.po")
    env = {**os.environ, "INTEGRITAS_LOCALE_DIR": str(locale_dir)}
    subprocess.run(
        [sys.executable, "-m", "integritas", "makemessages", "-l", "id", "--no-obsolete",
         "--no-location", "--ignore", "tests/*", "--ignore", "core/testing/*"],
        cwd=PACKAGE_DIR, env=env, check=True, capture_output=True,
    )
    fresh = parse_po(locale_dir / "id" / "LC_MESSAGES" / "django.po")
    untranslated = sorted(msgid for (_, msgid), forms in fresh.items()
                          if forms == ("#fuzzy",) or not all(forms))
    assert not untranslated, f"{len(untranslated)} strings lack Indonesian: {untranslated[:30]}"
