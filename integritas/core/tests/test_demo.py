from io import StringIO

from django.core.management import call_command

from integritas.accounts.models import Membership, User
from integritas.accounts.selectors import has_totp
from integritas.audit.models import AuditEvent
from integritas.core.demo import DEMO_TOTP_SECRET, demo_logins
from integritas.core.testing.factories import DEMO_PASSWORD, totp_now
from integritas.people import nip
from integritas.people.models import Employee
from integritas.tenancy.models import Tenant, Unit


def test_load_demo_builds_kota_contoh_through_the_services(db, unscoped):
    call_command("load_demo", stdout=StringIO())
    contoh = Tenant.objects.get(slug="contoh")
    assert (contoh.kind, contoh.region_code, contoh.head_title) == ("city", "99.71", "Wali Kota")
    employees = Employee.objects.filter(tenant=contoh)
    assert 280 <= employees.count() <= 320
    for employee in employees:
        nip.validate(employee.nip, employee.employment)
    inspektorat = Unit.objects.get(tenant=contoh, name="Inspektorat")
    assert inspektorat.children.filter(name__startswith="Inspektur Pembantu").count() == 4
    heads = employees.filter(position_kind="jpt")
    assert heads.exists() and all(h.superior_id is None for h in heads)
    assert not employees.exclude(position_kind="jpt").filter(superior=None).exclude(
        unit__kind="district").exists()
    assert AuditEvent.objects.filter(tenant=contoh, action="people.employee.create").count() == \
        employees.count()


def test_demo_logins_are_linked_employees_with_totp_for_staff(db, unscoped):
    call_command("load_demo", stdout=StringIO())
    kadis = User.objects.get(email="kadis.dukcapil@contoh.go.id")
    membership = Membership.objects.get(user=kadis)
    assert (membership.role, membership.unit.short_name) == ("opd_head", "Disdukcapil")
    employee = Employee.objects.get(user=kadis)
    assert employee.position_title == "Kepala Dinas Kependudukan dan Catatan Sipil"
    assert kadis.check_password(DEMO_PASSWORD)
    assert has_totp(kadis)
    assert not has_totp(User.objects.get(email="pegawai@contoh.go.id"))
    assert Membership.objects.get(user__email="auditor@lain.go.id").tenant.slug == "lain"
    assert len(demo_logins()) == 10


def test_load_demo_twice_changes_nothing_and_prints_the_same_logins(db, unscoped, capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = (Employee.objects.count(), AuditEvent.objects.count(), User.objects.count())
    call_command("load_demo")
    second = capsys.readouterr().out
    assert (Employee.objects.count(), AuditEvent.objects.count(), User.objects.count()) == counts
    assert "nothing changed" in second
    assert first.split("Demo logins", 1)[1] == second.split("Demo logins", 1)[1]
    assert DEMO_TOTP_SECRET in second


def test_demo_totp_prints_the_current_code(capsys):
    call_command("demo_totp")
    assert capsys.readouterr().out.strip() == totp_now(DEMO_TOTP_SECRET)


def test_demo_staff_can_log_in_with_password_and_the_printed_code(db, client):
    call_command("load_demo", stdout=StringIO())
    response = client.post("/akun/login/", {"login": "auditor@contoh.go.id",
                                            "password": DEMO_PASSWORD})
    assert response.status_code == 302
    response = client.post(response["Location"], {"code": totp_now(DEMO_TOTP_SECRET)},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/contoh/"
