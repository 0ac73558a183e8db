"""Factories for tests, benchmarks and the demo. They write through the ORM directly on purpose:
they build the world a test starts from; the behaviour under test goes through services."""

from __future__ import annotations

import datetime as dt
import random

import factory
from django_scopes import scopes_disabled

from integritas.accounts.models import Membership, User
from integritas.people.models import Employee
from integritas.people.names import sort_name
from integritas.tenancy.models import Tenant, Unit

DEMO_PASSWORD = "integritas-demo"


def random_nip(rng: random.Random | None = None, employment: str = "pns", sex: str | None = None,
               serial: int | None = None) -> str:
    rng = rng or random.Random()
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 35))
    appointed_year = min(birth.year + rng.randrange(20, 30), 2024)
    sex_digit = {"M": "1", "F": "2"}.get(sex or "", rng.choice("12"))
    serial = serial or rng.randrange(1, 999)
    if employment == "pns":
        middle = f"{appointed_year}{rng.randrange(1, 13):02d}"
    else:
        middle = f"{appointed_year}{rng.choice(['21', '24'])}"
    return f"{birth:%Y%m%d}{middle}{sex_digit}{serial:03d}"


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"pemda-{n}")
    name = factory.LazyAttribute(lambda o: f"Pemerintah Kota {o.slug.title()}")
    kind = Tenant.Kind.CITY
    region_code = factory.Sequence(lambda n: f"{10 + n // 100:02d}.{n % 100:02d}")
    city = "Contoh"
    head_title = "Wali Kota"
    head_name = "H. Budi Santoso, S.H."


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Dinas {n}")
    kind = Unit.Kind.AGENCY

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from integritas.tenancy.services import next_unit_path

        with scopes_disabled():
            unit = model_class(*args, **kwargs)
            unit.path = next_unit_path(unit.tenant, unit.parent)
            unit.depth = unit.parent.depth + 1 if unit.parent else 0
            unit.save()
            return unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.go.id")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.django.Password(DEMO_PASSWORD)


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    tenant = factory.LazyAttribute(lambda o: o.unit.tenant)
    unit = factory.SubFactory(UnitFactory)
    nip = factory.LazyFunction(random_nip)
    name = factory.Faker("name", locale="id_ID")
    sort_name = factory.LazyAttribute(lambda o: sort_name(o.name))
    sex = factory.LazyAttribute(lambda o: "M" if o.nip[14] == "1" else "F")
    position_title = "Analis Kebijakan"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


def grant_role(user, tenant, role, unit=None) -> Membership:
    with scopes_disabled():
        membership, _ = Membership.objects.get_or_create(
            tenant=tenant, user=user, role=role, unit=unit
        )
    return membership


def enrol_totp(user, secret: str) -> None:
    """Give a user a TOTP authenticator with a known secret (tests and the demo only)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)


def totp_now(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))
