"""The cases library (`libraries/cases/*.yaml`), read once per process and validated.

Small, read-only reference data — channels with their categories and questions, plain-language
state texts, intake limits, deadline defaults — kept in memory rather than in tables: intake reads
it on every submission, and a table would cost a query each time. `integritas load_libraries`
validates the folder (cases/libraries.py), so a broken file fails the deploy, not a request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language

from integritas.core.libraries import LIBRARIES_DIR, LibraryError, required

FOLDER = "cases"
QUESTION_KINDS = ("long", "short", "money")
DUE_KINDS = ("first_response", "simple", "desk", "field")


@dataclass(frozen=True)
class Question:
    code: str
    kind: str
    required: bool
    labels: dict

    @property
    def label(self) -> str:
        return localised(self.labels)


@dataclass(frozen=True)
class ChannelSpec:
    code: str
    prefix: str
    labels: dict
    descriptions: dict
    categories: tuple[tuple[str, dict], ...]
    questions: tuple[Question, ...]

    @property
    def label(self) -> str:
        return localised(self.labels)

    @property
    def description(self) -> str:
        return localised(self.descriptions)


@dataclass(frozen=True)
class DeadlineDefaults:
    """Same attributes as a `DeadlinePolicy` row, for tenants without their own."""

    channel: str
    first_response_days: int
    simple_days: int
    desk_days: int
    field_days: int
    source: str
    effective_from: dt.date

    def days_for(self, kind: str) -> int:
        return getattr(self, f"{kind}_days")


def localised(labels: dict) -> str:
    language = (get_language() or "id")[:2]
    return labels.get(language) or labels.get("id") or next(iter(labels.values()))


def channels() -> dict[str, ChannelSpec]:
    return _library()["channels"]


def channel(code: str) -> ChannelSpec | None:
    return channels().get(code)


def limits() -> dict:
    return _library()["intake"]


def public_status(state: str) -> str:
    return localised(_library()["statuses"][state])


def deadline_defaults(channel_code: str) -> DeadlineDefaults:
    return _library()["deadlines"][channel_code]


def validate(root: Path) -> int:
    """Parse the folder; LibraryError names the file and entry at fault. Returns entries read."""
    library = _parse(root / FOLDER)
    return sum(len(c.categories) for c in library["channels"].values()) + len(
        library["statuses"])


@cache
def _library() -> dict:
    return _parse(LIBRARIES_DIR / FOLDER)


def _parse(folder: Path) -> dict:
    if not folder.is_dir():
        raise LibraryError(f"{folder}: library folder not found")
    library: dict = {"channels": {}}
    for path in sorted(folder.glob("*.yaml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        kind = required(content, "kind", str, path.name)
        required(content, "source", str, path.name)
        required(content, "effective_from", dt.date, path.name)
        if kind == "channel":
            spec = _channel(path.name, content)
            library["channels"][spec.code] = spec
        elif kind == "statuses":
            library["statuses"] = _statuses(path.name, content)
        elif kind == "intake":
            library["intake"] = content
        elif kind == "deadlines":
            library["deadlines"] = _deadlines(path.name, content)
        else:
            raise LibraryError(f"{path.name}: unknown kind {kind!r}")
    for needed in ("statuses", "intake", "deadlines"):
        if needed not in library:
            raise LibraryError(f"{folder}: no `{needed}` file")
    missing = set(library["channels"]) ^ set(library["deadlines"])
    if missing:
        raise LibraryError(f"deadlines.yaml: channels {sorted(missing)} do not match")
    return library


def _channel(where: str, content: dict) -> ChannelSpec:
    categories = tuple(
        (required(entry, "code", str, where, 40), {"id": entry["id"], "en": entry["en"]})
        for entry in required(content, "categories", list, where)
    )
    questions = []
    for entry in required(content, "questions", list, where):
        kind = required(entry, "kind", str, where)
        if kind not in QUESTION_KINDS:
            raise LibraryError(f"{where}: question kind {kind!r} is not one of {QUESTION_KINDS}")
        questions.append(Question(required(entry, "code", str, where), kind,
                                  bool(entry.get("required")),
                                  {"id": entry["id"], "en": entry["en"]}))
    if "what" not in {q.code for q in questions}:
        raise LibraryError(f"{where}: the `what` question is required")
    return ChannelSpec(required(content, "channel", str, where), required(content, "prefix", str,
                                                                            where, 8),
                       required(content, "label", dict, where),
                       required(content, "description", dict, where), categories,
                       tuple(questions))


def _statuses(where: str, content: dict) -> dict:
    from integritas.cases.models import State

    states = required(content, "states", dict, where)
    missing = set(State.values) - set(states)
    if missing:
        raise LibraryError(f"{where}: no text for states {sorted(missing)}")
    return states


def _deadlines(where: str, content: dict) -> dict:
    result = {}
    for code, days in required(content, "channels", dict, where).items():
        if set(days) != set(DUE_KINDS) or not all(isinstance(v, int) and v > 0
                                                  for v in days.values()):
            raise LibraryError(f"{where}: {code} needs positive {', '.join(DUE_KINDS)}")
        result[code] = DeadlineDefaults(code, *(days[k] for k in DUE_KINDS),
                                        source=content["source"],
                                        effective_from=content["effective_from"])
    return result
