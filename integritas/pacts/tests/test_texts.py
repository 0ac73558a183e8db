"""Pact texts: placeholders, safe markup, rendering with a signer's data, the library."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.module_loading import autodiscover_modules
from django_scopes import scope

from integritas.core.libraries import LIBRARIES_DIR, LOADERS, LibraryError, read_folder
from integritas.core.testing.factories import EmployeeFactory
from integritas.pacts import services
from integritas.pacts.libraries import load_pact_texts
from integritas.pacts.models import LibraryPactText, PactText
from integritas.pacts.tests.helpers import BODY, raises
from integritas.pacts.texts import PactValues, content_hash, render_html, validate_body


def values_for(world, **overrides) -> PactValues:
    employee = EmployeeFactory(unit=world.units["dukcapil_bidang"], nip="196608011988031001",
                               name="Dr. H. Ahmad Fauzi, S.E., M.Si.",
                               position_title="Kepala Bidang Pelayanan")
    return PactValues.build(name=employee.name, nip=employee.nip,
                            position_title=employee.position_title,
                            unit_name=employee.unit.name, tenant=world.tenant,
                            day=overrides.get("day", dt.date(2027, 1, 12)))


def test_unknown_placeholder_is_refused_naming_it(world):
    error = raises("pact_text_unknown_placeholder", validate_body, "Saya, {nama}, {jabtan}.")
    assert error.params["name"] == "jabtan"
    assert "{jabtan}" in error.render("en")


def test_unclosed_brace_is_refused(world):
    raises("pact_text_unbalanced_brace", validate_body, "Saya, {nama, menyatakan")


def test_creating_a_text_with_an_unknown_placeholder_stores_nothing(world):
    raises("pact_text_unknown_placeholder", services.create_text, world.tenant,
           world.users["admin"], code="pi", title="PI", body="{nama} {golongan}")
    with scope(tenant=world.tenant.pk):
        assert not PactText.objects.exists()


def test_render_fills_placeholders_with_the_signers_data(world):
    html = render_html(BODY, values_for(world))
    assert "<strong>Dr. H. Ahmad Fauzi, S.E., M.Si.</strong>" in html
    assert "NIP 19660801 198803 1 001" in html
    assert "Kepala Bidang Pelayanan pada Bidang Pelayanan Pendaftaran Penduduk" in html
    assert "Contoh, 12 Januari 2027" in html


def test_the_date_is_indonesian_whatever_the_readers_language(world):
    with translation.override("en"):
        assert "12 Januari 2027" in render_html("{tanggal}", values_for(world))


def test_render_keeps_only_paragraphs_lists_bold_and_italic(world):
    html = render_html("Intro *penting*\nlanjut\n\n1. satu\n   sambungan\n2. dua\n\n- a\n- b")
    assert html == ("<p>Intro <em>penting</em> lanjut</p>\n"
                    "<ol><li>satu sambungan</li><li>dua</li></ol>\n"
                    "<ul><li>a</li><li>b</li></ul>")


def test_tenant_html_is_escaped_never_trusted(world):
    html = render_html('<script>alert(1)</script> <b onclick="x">{nama}</b>')
    assert "<script>" not in html and "<b " not in html
    assert "&lt;script&gt;" in html


def test_signer_data_cannot_inject_markup_or_placeholders(world):
    values = PactValues(nama="<i>{nip}</i> **x**", nip="1", jabatan="", unit="", instansi="",
                        tempat="", tanggal="")
    html = render_html("{nama}", values)
    assert html == "<p>&lt;i&gt;{nip}&lt;/i&gt; **x**</p>"


def test_content_hash_changes_with_the_words_only():
    assert content_hash("PI", "a") == content_hash("PI", "a")
    assert content_hash("PI", "a") != content_hash("PI", "b")
    assert len(content_hash("PI", "a")) == 64


def test_load_libraries_command_knows_the_pacts_folder():
    autodiscover_modules("libraries")
    assert LOADERS["pacts"] is load_pact_texts


def test_library_loads_both_standard_texts_and_loading_twice_changes_nothing(db):
    first = load_pact_texts(read_folder(LIBRARIES_DIR / "pacts"))
    second = load_pact_texts(read_folder(LIBRARIES_DIR / "pacts"))
    assert (first.created, second.unchanged, second.created, second.updated) == (2, 2, 0, 0)
    standard = LibraryPactText.objects.get(code="permenpan-49-2011-asn", version=1)
    assert standard.body.startswith("Saya, **{nama}**")
    assert standard.body.count("\n") >= 7 and "7. Bila saya melanggar" in standard.body
    assert "49 Tahun 2011" in standard.source and standard.confidence.startswith("[S]")
    officials = LibraryPactText.objects.get(code="lampung-selatan-2018-pejabat")
    assert officials.effective_from == dt.date(2018, 3, 26)
    assert "5. Menghindari gratifikasi;" in officials.body


def load_one_text(tmp_path, body: str):
    (tmp_path / "t.yaml").write_text(
        "code: t\nversions:\n  - version: 1\n    title: T\n    source: S\n    confidence: C\n"
        f"    effective_from: 2027-01-01\n    body: {body!r}\n")
    return load_pact_texts(read_folder(tmp_path))


def test_library_text_with_an_unknown_placeholder_is_refused(db, tmp_path):
    with pytest.raises(LibraryError, match="jabtan"):
        load_one_text(tmp_path, "{nama} {jabtan}")


def test_adopted_library_version_cannot_change_its_words(world, tmp_path):
    load_one_text(tmp_path, "Saya, {nama}.")
    services.adopt_library_text(world.tenant, world.users["admin"],
                                LibraryPactText.objects.get(code="t"))
    with pytest.raises(LibraryError, match="in use"):
        load_one_text(tmp_path, "Saya, {nama}, berjanji.")
    assert LibraryPactText.objects.get(code="t").body == "Saya, {nama}."
