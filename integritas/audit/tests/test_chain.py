"""Tamper evidence: any edit, deletion, reordering or forgery below the ORM is found, by seq."""

import io
import json
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import translation
from django_scopes import scope, scopes_disabled

from integritas.audit.models import AuditEvent, AuditHead, link_hash
from integritas.audit.selectors import verify_chain
from integritas.audit.services import Entry, diff, record, record_many
from integritas.core.testing.factories import TenantFactory, UserFactory

TABLE = AuditEvent._meta.db_table


def as_json(value) -> str:
    """A JSON literal for the `changes` column (jsonb on PostgreSQL, text on SQLite)."""
    return json.dumps(value)


def json_param() -> str:
    return "%s::jsonb" if connection.vendor == "postgresql" else "%s"


def event(tenant, seq):
    with scopes_disabled():
        return AuditEvent.objects.get(tenant=tenant, seq=seq)


def test_untouched_chain_verifies_with_its_event_count(world, append):
    append(5)
    report = verify_chain(world.tenant)
    assert report.intact and report.events_checked == 5


def test_empty_chain_is_intact(world):
    assert verify_chain(world.other_tenant).intact


def test_changes_edited_by_sql_are_found_at_that_seq(world, append, raw_sql):
    append(5)
    raw_sql(f"UPDATE {TABLE} SET changes = {json_param()} WHERE tenant_id = %s AND seq = 3",
            [as_json({"name": ["v2", "forged"]}), world.tenant.pk])
    report = verify_chain(world.tenant)
    assert (report.broken_seq, report.code, report.events_checked) == (3, "hash_mismatch", 2)
    assert report.broken_action == "tenancy.unit.update" and report.broken_at is not None


def test_actor_label_edited_by_sql_is_found(world, append, raw_sql):
    append(3)
    raw_sql(f"UPDATE {TABLE} SET actor_label = 'someone else' WHERE tenant_id = %s AND seq = 1",
            [world.tenant.pk])
    assert verify_chain(world.tenant).broken_seq == 1


def test_deleted_event_is_reported_as_missing_at_its_seq(world, append, raw_sql):
    append(5)
    raw_sql(f"DELETE FROM {TABLE} WHERE tenant_id = %s AND seq = 2", [world.tenant.pk])
    report = verify_chain(world.tenant)
    assert (report.broken_seq, report.code) == (2, "missing_event")


def test_deleted_newest_event_is_found_through_the_head(world, append, raw_sql):
    append(4)
    raw_sql(f"DELETE FROM {TABLE} WHERE tenant_id = %s AND seq = 4", [world.tenant.pk])
    report = verify_chain(world.tenant)
    assert (report.broken_seq, report.code) == (4, "head_mismatch")


def test_swapped_events_break_the_link_at_the_first_of_them(world, append, raw_sql):
    append(4)
    for old, new in ((2, 100), (3, 2), (100, 3)):
        raw_sql(f"UPDATE {TABLE} SET seq = %s WHERE tenant_id = %s AND seq = %s",
                [new, world.tenant.pk, old])
    report = verify_chain(world.tenant)
    assert (report.broken_seq, report.code) == (2, "prev_hash_mismatch")


def test_forged_prev_hash_is_found(world, append, raw_sql):
    append(3)
    raw_sql(f"UPDATE {TABLE} SET prev_hash = %s WHERE tenant_id = %s AND seq = 3",
            ["f" * 64, world.tenant.pk])
    assert verify_chain(world.tenant).broken_seq == 3


def test_rewritten_event_with_recomputed_hash_breaks_the_next_link(world, append, raw_sql):
    append(4)
    forged = event(world.tenant, 2)
    forged.changes = {"name": ["v1", "forged"]}
    raw_sql(f"UPDATE {TABLE} SET changes = {json_param()}, hash = %s WHERE id = %s",
            [as_json(forged.changes), forged.compute_hash(), forged.pk])
    report = verify_chain(world.tenant)
    assert (report.broken_seq, report.code) == (3, "prev_hash_mismatch")


def test_rewritten_tail_with_every_hash_recomputed_is_found_through_the_head(world, append,
                                                                              raw_sql):
    append(3)
    last = event(world.tenant, 3)
    last.changes = {"name": ["v2", "forged"]}
    raw_sql(f"UPDATE {TABLE} SET changes = {json_param()}, hash = %s WHERE id = %s",
            [as_json(last.changes), last.compute_hash(), last.pk])
    report = verify_chain(world.tenant)
    assert (report.broken_seq, report.code) == (3, "head_mismatch")


def test_tampering_in_one_tenant_leaves_the_other_chain_intact(world, append, raw_sql):
    append(2)
    append(2, tenant=world.other_tenant, actor=world.users["outsider"])
    raw_sql(f"DELETE FROM {TABLE} WHERE tenant_id = %s AND seq = 1", [world.tenant.pk])
    assert not verify_chain(world.tenant).intact
    assert verify_chain(world.other_tenant).intact


def test_saving_an_existing_event_is_refused(world, append):
    saved = append(1)[0]
    with scope(tenant=world.tenant.pk):
        stored = AuditEvent.objects.get(pk=saved.pk)
        stored.changes = {"name": ["x", "y"]}
        with pytest.raises(RuntimeError):
            stored.save()


def test_deleting_an_event_is_refused(world, append):
    saved = append(1)[0]
    with scope(tenant=world.tenant.pk):
        with pytest.raises(RuntimeError):
            AuditEvent.objects.get(pk=saved.pk).delete()


def test_bulk_update_and_delete_of_events_are_refused(world, append):
    append(2)
    with scope(tenant=world.tenant.pk):
        with pytest.raises(RuntimeError):
            AuditEvent.objects.filter(seq=1).update(action="forged")
        with pytest.raises(RuntimeError):
            AuditEvent.objects.all().delete()
    assert verify_chain(world.tenant).intact


def test_a_user_who_acted_cannot_be_deleted_so_the_chain_holds(world, append):
    actor = UserFactory(email="leaver@contoh.go.id")
    append(1, actor=actor)
    with pytest.raises(ProtectedError):
        actor.delete()
    assert verify_chain(world.tenant).intact


def test_interleaved_appends_across_tenants_keep_each_seq_contiguous(world, append):
    for _ in range(3):
        append(2)
        append(1, tenant=world.other_tenant, actor=world.users["outsider"])
    with scopes_disabled():
        seqs = list(AuditEvent.objects.filter(tenant=world.tenant).order_by("seq")
                    .values_list("seq", flat=True))
        head = AuditHead.objects.get(tenant=world.tenant)
    assert seqs == list(range(1, 7)) and head.seq == 6
    assert verify_chain(world.other_tenant).events_checked == 3


def test_a_rolled_back_service_leaves_no_gap_in_the_chain(world, append):
    append(1)
    with pytest.raises(ZeroDivisionError), scope(tenant=world.tenant.pk), transaction.atomic():
        record(world.tenant, None, "core.test.create")
        1 / 0  # noqa: B018 - the service fails after writing its event
    append(1)
    assert verify_chain(world.tenant).events_checked == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor == 'sqlite'", reason="threads need a server database")
def test_concurrent_appends_keep_seq_contiguous():
    tenant = TenantFactory(slug="paralel")
    errors = []

    def worker():
        try:
            for _ in range(10):
                with scope(tenant=tenant.pk), transaction.atomic():
                    record(tenant, "worker", "core.test.create", None, {"n": 1})
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = verify_chain(tenant)
    assert report.intact and report.events_checked == 40


def test_diff_drops_secrets_and_unchanged_fields():
    changes = diff({"name": "A", "password": "old", "totp_secret": "x", "city": "C"},
                   {"name": "B", "password": "new", "totp_secret": "y", "city": "C"})
    assert changes == {"name": ["A", "B"]}


def test_recorded_events_carry_no_secrets_at_any_depth(world):
    with scope(tenant=world.tenant.pk), transaction.atomic():
        saved = record(world.tenant, world.users["admin"], "accounts.user.create", None, {
            "email": "a@contoh.go.id", "password": "hunter2hunter2", "api_token": "itg_x",
            "profile": {"key_hash": "abc", "name": "A"}, "items": [{"secret": "s", "n": 1}],
        })
    assert saved.changes == {"email": "a@contoh.go.id", "profile": {"name": "A"},
                             "items": [{"n": 1}]}
    assert "hunter2" not in json.dumps(event(world.tenant, 1).changes)


def test_record_many_appends_entries_in_order(world):
    with scope(tenant=world.tenant.pk), transaction.atomic():
        events = record_many(world.tenant, None, [Entry("a.b.create"), Entry("a.b.update")])
    assert [e.seq for e in events] == [1, 2] and events[1].prev_hash == events[0].hash
    assert events[0].actor_label == "system"


def test_hash_covers_the_tenant(world, append):
    saved = append(1)[0]
    assert link_hash(world.other_tenant.pk, saved.prev_hash, saved.seq, saved.occurred_at,
                     saved.actor_id, saved.actor_label, saved.action, saved.object_type,
                     saved.object_id, saved.object_repr, saved.changes) != saved.hash


def test_verify_audit_command_reports_ok_per_tenant(world, append):
    append(3)
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "contoh: OK (3 events" in out.getvalue() and "lain: OK (0 events" in out.getvalue()


def test_verify_audit_command_names_the_broken_link_and_exits_1(world, append, raw_sql):
    append(3)
    raw_sql(f"DELETE FROM {TABLE} WHERE tenant_id = %s AND seq = 2", [world.tenant.pk])
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info, translation.override("en"):
        call_command("verify_audit", "--tenant", "contoh", stdout=out)
    assert exit_info.value.code == 1
    assert "contoh: BROKEN at seq 2" in out.getvalue()
    assert "tenancy.unit.update" in out.getvalue() and "missing" in out.getvalue()
    assert "lain" not in out.getvalue()


def test_verify_audit_command_rejects_an_unknown_tenant(world):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("verify_audit", "--tenant", "nowhere")
