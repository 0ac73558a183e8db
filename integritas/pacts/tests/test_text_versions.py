"""Text versions: editing makes a new version, the old one stays as it was signed."""

import pytest
from django_scopes import scope

from integritas.audit.models import AuditEvent
from integritas.core.libraries import LIBRARIES_DIR, read_folder
from integritas.pacts import selectors, services
from integritas.pacts.libraries import load_pact_texts
from integritas.pacts.models import LibraryPactText, PactText
from integritas.pacts.tests.helpers import BODY, adopted_text, draft, raises


def test_editing_a_text_makes_a_new_version_and_keeps_the_old_one(world):
    first = adopted_text(world)
    second = services.revise_text(world.tenant, world.users["admin"], first,
                                  body=BODY + "\n\n3. Melaporkan penyimpangan.")
    with scope(tenant=world.tenant.pk):
        first.refresh_from_db()
        assert (first.version, second.version) == (1, 2)
        assert first.body == BODY and first.status == PactText.Status.SUPERSEDED
        assert second.status == PactText.Status.ACTIVE
        assert first.content_hash != second.content_hash
        assert list(selectors.text_versions(world.tenant, "pi-asn")) == [second, first]
        assert list(selectors.current_texts(world.tenant)) == [second]
        assert AuditEvent.objects.filter(action="pacts.text.revise").count() == 1


def test_saving_the_same_words_makes_no_new_version(world):
    text = adopted_text(world)
    assert services.revise_text(world.tenant, world.users["admin"], text, body=BODY) == text


def test_only_the_newest_version_can_be_edited(world):
    first = adopted_text(world)
    services.revise_text(world.tenant, world.users["admin"], first, title="Pakta Integritas ASN")
    raises("pact_text_not_latest", services.revise_text, world.tenant, world.users["admin"],
           first, title="Lagi")


def test_a_version_refuses_any_change_to_its_words(world):
    text = adopted_text(world)
    with scope(tenant=world.tenant.pk):
        text.body = "Saya, {nama}."
        with pytest.raises(ValueError, match="immutable"):
            text.save()


def test_a_code_is_created_once_then_edited(world):
    adopted_text(world)
    raises("pact_text_code_taken", adopted_text, world)
    raises("pact_text_code_invalid", services.create_text, world.tenant, world.users["admin"],
           code="PI ASN!", title="PI", body=BODY)


def test_adopting_a_library_text_copies_it_as_the_tenants_version(world):
    load_pact_texts(read_folder(LIBRARIES_DIR / "pacts"))
    standard = LibraryPactText.objects.get(code="permenpan-49-2011-asn")
    text = services.adopt_library_text(world.tenant, world.users["admin"], standard)
    again = services.adopt_library_text(world.tenant, world.users["admin"], standard)
    assert again == text
    assert (text.version, text.body, text.library_text) == (1, standard.body, standard)
    assert text.content_hash == standard.content_hash


def test_a_tenant_adds_its_own_version_of_a_library_text(world):
    load_pact_texts(read_folder(LIBRARIES_DIR / "pacts"))
    standard = LibraryPactText.objects.get(code="permenpan-49-2011-asn")
    adopted = services.adopt_library_text(world.tenant, world.users["admin"], standard)
    own = services.revise_text(world.tenant, world.users["admin"], adopted,
                               body=standard.body.replace("{instansi}", "{unit}"))
    assert (own.version, own.library_text) == (2, None)


def test_a_retired_text_cannot_start_a_campaign(world):
    text = adopted_text(world)
    services.retire_text(world.tenant, world.users["admin"], text)
    raises("pact_text_inactive", draft, world, text=text)


def test_a_superseded_version_cannot_start_a_campaign(world):
    first = adopted_text(world)
    services.revise_text(world.tenant, world.users["admin"], first, title="PI 2027")
    with scope(tenant=world.tenant.pk):
        first.refresh_from_db()
    raises("pact_text_inactive", draft, world, text=first)


def test_texts_of_another_pemda_are_neither_listed_nor_editable(world):
    text = adopted_text(world)
    raises("pact_text_not_found", services.revise_text, world.other_tenant,
           world.users["outsider"], text, title="Milik kami")
    with scope(tenant=world.other_tenant.pk):
        assert list(selectors.current_texts(world.other_tenant)) == []
