"""Validation of the 18-digit NIP of a PNS and NI of a PPPK (REFERENCE.md §10.2–10.3)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from integritas.core.errors import DomainError

NIP_LENGTH = 18
MIN_BIRTH_YEAR = 1940
MIN_AGE_AT_APPOINTMENT = 17


@dataclass(frozen=True)
class NipFacts:
    nip: str
    employment: str  # "pns" or "pppk"
    birth_date: dt.date
    appointment_year: int
    appointment_month: int | None
    sex: str  # "M" or "F"
    serial: int


def normalise(raw: object) -> str:
    """Digits only: spaces and dots that people type or spreadsheets add are dropped."""
    text = str(raw or "").strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return re.sub(r"[\s.\-]", "", text)


def format_nip(nip: str) -> str:
    """`19660801 198803 1 001`, the form printed on every government document."""
    if len(nip) != NIP_LENGTH:
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def mask(nip: str) -> str:
    return "*" * (len(nip) - 4) + nip[-4:]


def validate(raw: object, employment: str = "pns", today: dt.date | None = None) -> NipFacts:
    """Return the facts a NIP encodes, or raise a DomainError that says what is wrong."""
    today = today or dt.date.today()
    nip = normalise(raw)
    if not nip:
        raise _error("nip_required", _("NIP is required."))
    if "e" in nip.lower() or "+" in nip:
        raise _error("nip_scientific", _(
            "The NIP was stored as a number in scientific notation; format the column as text "
            "and type all 18 digits."))
    if not nip.isdigit() or len(nip) != NIP_LENGTH:
        raise _error("nip_length", _("A NIP has exactly 18 digits; this one has %(n)s."),
                     n=len(re.sub(r"\D", "", nip)))
    birth = _date(nip[0:8])
    if birth is None:
        raise _error("nip_birth_date", _("Digits 1–8 of the NIP must be a real date of birth "
                                          "(YYYYMMDD)."))
    if not MIN_BIRTH_YEAR <= birth.year <= today.year - MIN_AGE_AT_APPOINTMENT:
        raise _error("nip_birth_year", _("The year of birth in the NIP (%(year)s) is not "
                                          "plausible."), year=birth.year)
    if nip[14] not in "12":
        raise _error("nip_sex", _("Digit 15 of the NIP must be 1 (male) or 2 (female)."))
    if nip[15:] == "000":
        raise _error("nip_serial", _("The serial number (digits 16–18) cannot be 000."))
    year = int(nip[8:12])
    month = None
    if employment == "pns":
        month = int(nip[12:14])
        if not 1 <= month <= 12:
            raise _error("nip_appointment_month", _("Digits 13–14 of the NIP must be the month "
                                                     "of appointment (01–12)."))
        appointed = dt.date(year, month, 1)
    else:
        appointed = dt.date(year, 1, 1) if 1900 < year else None
        if appointed is None:
            raise _error("nip_appointment_year", _("Digits 9–12 must be the year of "
                                                    "appointment."))
    if appointed > today:
        raise _error("nip_appointment_future", _("The appointment date in the NIP is in the "
                                                  "future."))
    if appointed.year - birth.year < MIN_AGE_AT_APPOINTMENT:
        raise _error("nip_appointment_order", _("The appointment date in the NIP must be at "
                                                 "least %(age)s years after the date of birth."),
                     age=MIN_AGE_AT_APPOINTMENT)
    return NipFacts(
        nip=nip, employment=employment, birth_date=birth, appointment_year=year,
        appointment_month=month, sex="M" if nip[14] == "1" else "F", serial=int(nip[15:]),
    )


def _date(text: str) -> dt.date | None:
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _error(code: str, message, **params) -> DomainError:
    return DomainError(code, message, field="nip", **params)
