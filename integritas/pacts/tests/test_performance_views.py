"""Perjanjian kinerja pages, per persona."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from integritas.pacts.models import PerformanceAgreement, PerformanceIndicator, Realisation
from integritas.pacts.tests.performance_helpers import (
    PASSWORD,
    YEAR,
    add_indicator,
    build_chain,
    signed_chain,
)


def url(name, world, *args):
    return reverse(f"pacts:{name}", args=[world.tenant.slug, *args])


def test_the_list_shows_achievement_filters_by_year_and_exports(world, client_for):
    chain = signed_chain(world)
    client = client_for(world.users["auditor"])
    page = client.get(url("agreement_list", world), {"year": YEAR})
    assert page.status_code == 200
    assert chain.head.first_party_name in page.content.decode()
    other_year = client.get(url("agreement_list", world), {"year": YEAR + 1})
    assert list(other_year.context["object_list"]) == []
    export = client.get(url("agreement_list", world), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [cell.value for cell in sheet[2]][:3] == [YEAR, "Dinas Kependudukan dan Catatan Sipil",
                                                    "Kadis Dukcapil"]


def test_the_list_of_a_unit_limited_persona_holds_only_its_opd(world, client_for):
    signed_chain(world)
    client = client_for(world.users["zi_coordinator"])
    page = client.get(url("agreement_list", world))
    assert [a.first_party_name for a in page.context["object_list"]] == ["Kadis Dukcapil"]


def test_a_manager_creates_an_agreement_by_nip(world, client_for, unscoped):
    chain = build_chain(world)
    client = client_for(world.users["auditor"])
    response = client.post(url("agreement_create", world), {
        "year": YEAR, "first_party": chain.people["kabid"].nip, "parent": chain.head.pk})
    agreement = PerformanceAgreement.objects.get(first_party=chain.people["kabid"])
    assert response.status_code == 302 and agreement.second_party == chain.people[
        "kadis_dukcapil"]


def test_an_unknown_nip_is_shown_beside_its_field(world, client_for):
    build_chain(world)
    response = client_for(world.users["auditor"]).post(
        url("agreement_create", world), {"year": YEAR, "first_party": "199001012020011999",
                                         "second_party_name": "X", "second_party_position": "Y"})
    assert response.status_code == 400
    assert "first_party" in response.context["form"].errors


def test_a_manager_adds_an_indicator_and_bad_numbers_are_refused(world, client_for, unscoped):
    chain = build_chain(world)
    client = client_for(world.users["auditor"])
    values = {"goal": "G", "name": "Indikator", "unit_of_measure": "%", "direction": "higher",
              "target": "90", "budget": "1.500.000"}
    assert client.post(url("indicator_add", world, chain.head.pk), values).status_code == 302
    assert PerformanceIndicator.objects.get().budget == 1_500_000
    bad = client.post(url("indicator_add", world, chain.head.pk), values | {"target": "-5"})
    assert bad.status_code == 400 and "target" in bad.context["indicator_form"].errors


def test_parties_sign_on_the_detail_page(world, client_for, unscoped):
    chain = build_chain(world)
    add_indicator(world, chain.head)
    opd_head = client_for(world.users["opd_head"])
    page = opd_head.get(url("agreement_detail", world, chain.head.pk))
    assert page.context["can_sign"]
    wrong = opd_head.post(url("agreement_sign", world, chain.head.pk), {"password": "nope"})
    assert wrong.status_code == 400 and "password" in wrong.context["sign_form"].errors
    opd_head.post(url("agreement_sign", world, chain.head.pk), {"password": PASSWORD})
    client_for(world.users["regional_head"]).post(url("agreement_sign", world, chain.head.pk),
                                                  {"password": PASSWORD})
    chain.head.refresh_from_db()
    assert chain.head.status == "signed"


def test_an_employee_who_is_not_a_party_gets_404(world, client_for):
    chain = build_chain(world)
    client = client_for(world.users["employee"])
    assert client.get(url("agreement_detail", world, chain.head.pk)).status_code == 404
    assert client.post(url("agreement_sign", world, chain.head.pk),
                       {"password": PASSWORD}).status_code == 404


def test_the_first_party_records_realisation_with_evidence(world, client_for, unscoped):
    chain = signed_chain(world)
    indicator = chain.head.indicators.first()
    client = client_for(world.users["opd_head"])
    prefix = f"r{indicator.pk}"
    evidence = SimpleUploadedFile("bukti.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    response = client.post(url("realisation_record", world, chain.head.pk, indicator.pk), {
        f"{prefix}-quarter": 1, f"{prefix}-value": "82", f"{prefix}-evidence": evidence})
    assert response.status_code == 302
    assert Realisation.objects.get().evidence.name.endswith(".png")
    page = client.get(url("agreement_detail", world, chain.head.pk))
    assert page.context["rows"][0].achievement == pytest.approx(102.5)
    bad = client.post(url("realisation_record", world, chain.head.pk, indicator.pk), {
        f"{prefix}-quarter": 2, f"{prefix}-value": "-1"})
    assert bad.status_code == 400
    assert "value" in dict(bad.context["entries"])[bad.context["rows"][0]].errors


def test_a_manager_revises_a_signed_agreement(world, client_for, unscoped):
    chain = signed_chain(world)
    response = client_for(world.users["inspektur"]).post(
        url("agreement_revise", world, chain.head.pk))
    revised = PerformanceAgreement.objects.get(version=2)
    assert response.url == url("agreement_detail", world, revised.pk)
    chain.head.refresh_from_db()
    assert chain.head.status == "superseded"


def test_a_party_downloads_the_signed_pdf(world, client_for, unscoped):
    chain = signed_chain(world)
    response = client_for(world.users["regional_head"]).get(
        url("agreement_pdf", world, chain.head.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
