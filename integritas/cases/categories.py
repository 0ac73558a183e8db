"""The case categories of a Pemda: the library's per channel (`reference`), minus those it hides,
plus its own.

`CaseSettings.hidden_categories` holds `"<channel>:<code>"` entries (`hidden_key`), so a code both
channels' libraries use, like `lainnya`, is hidden on one public form only.
`CaseSettings.extra_categories` holds the Pemda's own `{"channel", "code", "label"}`; one removed
while cases use it stays there, hidden, so those cases keep its label (`labels`).
"""

from __future__ import annotations

from integritas.cases import reference
from integritas.cases.models import Case, CaseSettings


def hidden_key(channel: str, code: str) -> str:
    return f"{channel}:{code}"


def is_hidden(case_settings: CaseSettings, channel: str, code: str) -> bool:
    return hidden_key(channel, code) in (case_settings.hidden_categories or ())


def set_hidden(case_settings: CaseSettings, channel: str, codes, *, hidden) -> None:
    """Hide exactly those of `codes` on `channel` that are in `hidden` (not saved); the entries
    of other codes and channels stay."""
    keys = {hidden_key(channel, code) for code in codes}
    kept = [key for key in case_settings.hidden_categories or () if key not in keys]
    case_settings.hidden_categories = kept + [hidden_key(channel, code) for code in codes
                                              if code in hidden]


def library(channel: str) -> list[tuple[str, str]]:
    """(code, label) of the channel's library categories, in the current language."""
    spec = reference.channel(channel)
    return [(code, reference.localised(names)) for code, names in spec.categories] if spec else []


def library_codes(channel: str) -> list[str]:
    return [code for code, _label in library(channel)]


def extras(case_settings: CaseSettings, channel: str) -> list[dict]:
    """The Pemda's own categories of a channel, removed (hidden) ones included; copies."""
    return [dict(extra) for extra in case_settings.extra_categories or ()
            if extra.get("channel") == channel]


def offered(case_settings: CaseSettings, channel: str) -> list[tuple[str, str]]:
    """(code, label) of what the channel's public form offers and its API accepts."""
    if reference.channel(channel) is None:
        return []
    found = library(channel) + [(extra["code"], extra["label"])
                                for extra in extras(case_settings, channel)]
    return [(code, label) for code, label in found
            if not is_hidden(case_settings, channel, code)]


def offered_codes(case_settings: CaseSettings, channel: str) -> list[str]:
    return [code for code, _label in offered(case_settings, channel)]


def labels(case_settings: CaseSettings | None) -> dict[tuple[str, str], str]:
    """{(channel, code): label} of every category a case may carry: the library's and all the
    Pemda's own, removed ones included (hidden or not, nothing is left out)."""
    found = {(channel, code): label for channel in reference.channels()
             for code, label in library(channel)}
    for extra in (case_settings.extra_categories or ()) if case_settings else ():
        key = (extra.get("channel"), extra.get("code"))
        found.setdefault(key, extra.get("label") or extra.get("code"))
    return found


def tenant_labels(tenant) -> dict[tuple[str, str], str]:
    """`labels` of the tenant's settings, read with one query (none created)."""
    return labels(CaseSettings.objects.filter(tenant=tenant).first())


def label(found: dict[tuple[str, str], str], case: Case) -> str:
    """A case's category label from `labels`, else its code."""
    return found.get((case.channel, case.category), case.category)
