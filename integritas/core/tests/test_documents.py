"""Signed pact PDFs: stamp + PAdES signature + verification (integritas.core.documents)."""

import io
import re
import subprocess

import pytest
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from integritas.core.documents import (
    PACT_FIELDS,
    PACT_TEMPLATE,
    render_template_pdf,
    stamp_and_sign,
    template_source,
    verify_pdf,
)
from integritas.core.documents.fonts import subset_font
from integritas.core.documents.keys import init_local_ca
from integritas.core.documents.qr import qr_matrix
from integritas.core.documents.render import _cache
from integritas.core.documents.stamp import fit_text, line_height
from integritas.core.errors import DomainError
from integritas.core.models import SigningKey
from integritas.core.testing.documents import SAMPLE_VALUES, sample_pact_context

VERIFY_URL = "https://integritas.contoh.go.id/verifikasi/PI-2027-000001"


@pytest.fixture
def template(world):
    return render_template_pdf(template_source(PACT_TEMPLATE), sample_pact_context(world.tenant),
                               fields=PACT_FIELDS)


@pytest.fixture
def signed(world, template):
    init_local_ca(world.tenant, world.users["admin"])
    return sign(world.tenant, template)


def sign(tenant, template, **changes):
    return stamp_and_sign(tenant, template, {**SAMPLE_VALUES, **changes},
                          document_id="PI-2027-000001", verify_url=VERIFY_URL,
                          signer_label=SAMPLE_VALUES["nama"])


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                            check=True)
    return result.stdout.decode()


def test_signed_pact_verifies_with_its_document_id_and_signer(world, signed):
    result = verify_pdf(world.tenant, signed)
    assert (result.valid, result.reason, result.document_id) == (True, "valid", "PI-2027-000001")
    assert result.signer == SAMPLE_VALUES["nama"]
    assert result.signed_at is not None
    assert verify_pdf(None, signed).valid  # against every active tenant's roots


def test_independent_validator_with_only_the_tenant_root_reports_intact_valid_trusted(
        world, signed, unscoped):
    root_pem = SigningKey.objects.get(tenant=world.tenant).root_certificate_pem
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    root = asn1_x509.Certificate.load(
        x509.load_pem_x509_certificate(root_pem.encode()).public_bytes(Encoding.DER))
    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"


def test_one_byte_flipped_inside_the_signed_range_is_modified(world, signed):
    position = signed.index(b"Ahmad Fauzi") + len(b"Ahm")
    tampered = bytearray(signed)
    tampered[position] = ord("e")  # "Ahmad" → "Ahmed" in the signed signature dictionary
    result = verify_pdf(world.tenant, bytes(tampered))
    assert (result.valid, result.reason) == (False, "modified")


def test_appended_bytes_are_a_change_after_signing(world, signed):
    result = verify_pdf(world.tenant, signed + b"\n% a harmless-looking comment\n")
    assert (result.valid, result.reason) == (False, "changed_after_signing")


def test_incremental_update_after_signing_is_a_change_after_signing(world, signed):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    info_ref = writer.trailer.raw_get("/Info")
    info_ref.get_object()[generic.NameObject("/IntegritasDocumentId")] = generic.pdf_string("X1")
    writer.mark_update(info_ref)
    output = io.BytesIO()
    writer.write(output)
    result = verify_pdf(world.tenant, output.getvalue())
    assert (result.valid, result.reason) == (False, "changed_after_signing")


def test_resaved_pdf_is_invalid(world, signed):
    output = io.BytesIO()
    copy_into_new_writer(PdfFileReader(io.BytesIO(signed))).write(output)
    result = verify_pdf(world.tenant, output.getvalue())
    assert not result.valid and result.reason in {"modified", "no_signature"}


def test_pdf_signed_by_another_pemdas_key_is_untrusted_here(world, template):
    init_local_ca(world.other_tenant, world.users["outsider"])
    foreign = sign(world.other_tenant, template)
    assert verify_pdf(world.tenant, foreign).reason == "untrusted_signer"
    assert verify_pdf(world.other_tenant, foreign).valid


def test_non_pdf_empty_and_unsigned_files_are_invalid_with_their_reason(world, template):
    assert verify_pdf(world.tenant, b"").reason == "empty_file"
    assert verify_pdf(world.tenant, b"GIF89a not a pdf").reason == "not_pdf"
    assert verify_pdf(world.tenant, b"%PDF-1.7\n garbage").reason == "not_pdf"
    assert verify_pdf(world.tenant, template.data).reason == "no_signature"


def test_stamped_details_are_real_text_in_the_page(signed):
    text = pdf_text(signed)
    for expected in ("PEMERINTAH KOTA CONTOH", "PAKTA INTEGRITAS",
                     "Dr. H. Ahmad Fauzi, S.E., M.Si.",
                     "19660801 198803 1 001", "Inspektur Pembantu Wilayah I",
                     "Kota Contoh, 12 Januari 2027", "Ir. Budi Santoso, M.T.",
                     "19700101 199503 1 002", "PI-2027-000001", "Pindai untuk memverifikasi"):
        assert expected in text
    assert text.count("Dr. H. Ahmad Fauzi") == 2  # identity table and signature block


def test_qr_drawn_on_the_page_is_the_verification_url(signed):
    reader = PdfFileReader(io.BytesIO(signed))
    contents = reader.root["/Pages"]["/Kids"][0]["/Contents"]
    stamp = contents[-1].get_object().data.decode()
    qr_operators = re.search(r"q 0 g\n((?:[\d. ]+ re\n)+)f\nQ", stamp).group(1)
    rectangles = [tuple(map(float, match)) for match in
                  re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re", qr_operators)]
    expected = qr_matrix(VERIFY_URL)
    module = rectangles[0][3]
    left = min(r[0] for r in rectangles)
    top = max(r[1] + r[3] for r in rectangles)
    drawn = [[False] * len(expected) for _ in expected]
    for x, y, width, _height in rectangles:
        row = round((top - y) / module) - 1
        for column in range(round((x - left) / module), round((x + width - left) / module)):
            drawn[row][column] = True
    assert drawn == expected


def test_a_long_name_shrinks_or_wraps_inside_its_box(world, template):
    long_name = ("Prof. Dr. Ir. H. Raden Muhammad Abdurrahman Wirjodiprodjo Kusumanegara "
                 "Sastrowardojo, S.H., M.Hum., M.Si., Ph.D.")
    for box in template.boxes_for("nama"):
        font = subset_font("bold" if box.bold else "regular")
        fitted = fit_text(font, long_name, box)
        assert " ".join(fitted.lines) == long_name
        assert all(font.width(line, fitted.size) * fitted.horizontal_scale / 100
                   <= box.width + 0.01 for line in fitted.lines)
        assert len(fitted.lines) * line_height(box, fitted.size) <= box.height + 0.5 or \
            fitted.horizontal_scale < 100
    init_local_ca(world.tenant, world.users["admin"])
    pdf = sign(world.tenant, template, nama=long_name)
    assert verify_pdf(world.tenant, pdf).valid
    assert "Sastrowardojo" in pdf_text(pdf)


def test_signing_without_a_key_is_refused(world, template):
    with pytest.raises(DomainError) as error:
        sign(world.tenant, template)
    assert error.value.code == "signing_key_missing"


def test_signing_with_an_expired_certificate_is_refused(world, template, unscoped):
    from django.utils import timezone

    key = init_local_ca(world.tenant, world.users["admin"])
    SigningKey.objects.filter(pk=key.pk).update(valid_until=timezone.now())
    with pytest.raises(DomainError) as error:
        sign(world.tenant, template)
    assert error.value.code == "signing_key_expired"


def test_values_must_match_the_template_slots(world, template):
    init_local_ca(world.tenant, world.users["admin"])
    with pytest.raises(ValueError):
        sign(world.tenant, template, pangkat="IV/a")


def test_template_is_rendered_once_then_served_from_memory_and_disk(world, template):
    context = sample_pact_context(world.tenant)
    again = render_template_pdf(template_source(PACT_TEMPLATE), context, fields=PACT_FIELDS)
    assert again is template
    _cache.clear()
    from_disk = render_template_pdf(template_source(PACT_TEMPLATE), context, fields=PACT_FIELDS)
    assert from_disk.data == template.data and from_disk.boxes == template.boxes


def test_a_template_missing_a_declared_slot_is_a_programming_error(world):
    with pytest.raises(ValueError):
        render_template_pdf("<p>{{ x }}</p>", {"x": "no slots"}, fields=["nama"])
