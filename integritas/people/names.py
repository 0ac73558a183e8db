"""Names as written on government documents, and the key they are sorted by.

`Dr. H. Ahmad Fauzi, S.E., M.Si.` is shown as written but sorted as `ahmad fauzi`: titles before
the name (academic, religious, nobility) and degrees after it do not decide alphabetical order.
"""

from __future__ import annotations

import re

# Titles written before the name. Multi-letter ones are recognised with or without their dot;
# the single letters (H. for Haji, R. for Raden) only with it, since a bare letter is an initial.
_PREFIX_TITLE = re.compile(
    r"^(?:(?:prof|drs|dra|drg|dr|ir|hj|kh|k\.h|apt|ns)\b\.?|[hr]\.)\s*",
    re.IGNORECASE,
)
# A degree written after the name without a comma: S.E., M.Si., S.Kom., Ph.D., A.Md.
_DEGREE = re.compile(r"^[A-Za-z]{1,3}\.(?:[A-Za-z]{1,5}\.?)+$")


def sort_name(name: str) -> str:
    """The name without titles and degrees, lower-case, single-spaced."""
    text = " ".join(str(name or "").split())
    text = text.split(",", 1)[0]  # everything after the first comma is degrees
    text = _strip_prefix_titles(text)
    words = text.split()
    while len(words) > 1 and _DEGREE.match(words[-1]):
        words.pop()
    return " ".join(words).lower()


def _strip_prefix_titles(text: str) -> str:
    while True:
        stripped = _PREFIX_TITLE.sub("", text, count=1)
        if stripped == text or not stripped.strip():
            return text
        text = stripped
