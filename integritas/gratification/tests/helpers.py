"""A valid report, varied per test by keyword."""

import datetime as dt

from integritas.gratification import services


def gift(**changes) -> dict:
    values = {
        "giver_name": "Hendra Wijaya", "giver_institution": "CV Maju Jaya",
        "relation": "service_user", "form": "money", "description": "Amplop di resepsi",
        "value": 900_000, "received_on": dt.date(2026, 11, 2), "place": "Gedung Serbaguna",
        "occasion": "wedding", "accepted": True, "deposited_at_upg": False,
    }
    values.update(changes)
    return values


def report(world, user, today=dt.date(2026, 11, 4), **changes):
    return services.submit_report(world.tenant, user, today=today, **gift(**changes))
