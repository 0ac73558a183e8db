"""Signed pacts per second on one core: the per-signer path against bare pyHanko signing.

(a) baseline: pyHanko signs an already rendered PDF (the pact with its signer's details already
    in it), N times; (b) ours: stamp a signer's details and QR onto the template rendered once,
    sign, and store the bytes (written to a file, as storage would), N times; (c) naive: render
    the whole pact with WeasyPrint per signer, then sign, on fewer signers. Prints the rates,
    the ratio (b)/(a) (target ≥ 0.5), the projected time for 10,000 signers and the per-signer
    p95 latency (target < 1 s). Also writes bench/out/pact-sample.pdf and .png.
Run: `.venv/bin/python bench/bench_pact_signing.py [N] [N_NAIVE]` (SQLite in INTEGRITAS_DATA_DIR).
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200
N_NAIVE = int(sys.argv[2]) if len(sys.argv) > 2 else 20
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DATA_DIR = Path(os.environ.setdefault("INTEGRITAS_DATA_DIR", "/tmp/itg-bench-signing"))
DATA_DIR.mkdir(parents=True, exist_ok=True)
DB_FILE = DATA_DIR / "bench-signing.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integritas.settings")
sys.path.insert(0, str(ROOT))


def setup():
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_FILE}{suffix}").unlink(missing_ok=True)
    import shutil

    import django
    from django.core.management import call_command

    django.setup()
    shutil.rmtree(DATA_DIR / "pdfcache", ignore_errors=True)
    call_command("migrate", verbosity=0)
    from integritas.core.documents.keys import init_local_ca
    from integritas.tenancy.models import Tenant

    tenant = Tenant.objects.create(slug="contoh", name="Pemerintah Kota Contoh", kind="city",
                                   region_code="99.71", city="Kota Contoh")
    init_local_ca(tenant, "bench")
    return tenant


def signer_values(index: int) -> dict[str, str]:
    from integritas.core.testing.documents import SAMPLE_VALUES

    return {**SAMPLE_VALUES, "nama": f"Pegawai Nomor {index:05d}, S.Kom.",
            "nip": f"1990010120150{index % 10}1{index % 1000:03d}"}


def document_id(index: int) -> str:
    return f"PI-2027-{index:06d}"


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    tenant = setup()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from integritas.core.documents import (
        PACT_FIELDS,
        PACT_TEMPLATE,
        render_template_pdf,
        stamp_and_sign,
        template_source,
        verify_pdf,
    )
    from integritas.core.documents.keys import active_signer
    from integritas.core.documents.render import _cache
    from integritas.core.documents.signing import _pdf_signer
    from integritas.core.testing.documents import sample_pact_context

    context = sample_pact_context(tenant)
    source = template_source(PACT_TEMPLATE)
    site = "https://integritas.contoh.go.id/verifikasi/"

    def render_once():
        _cache.clear()
        import shutil

        shutil.rmtree(DATA_DIR / "pdfcache", ignore_errors=True)
        start = time.perf_counter()
        template = render_template_pdf(source, context, fields=PACT_FIELDS)
        return template, time.perf_counter() - start

    render_template_pdf(source, context, fields=PACT_FIELDS)  # warm fonts, imports, key cache
    template, render_seconds = render_once()
    stamp_and_sign(tenant, template, signer_values(0), document_id=document_id(0),
                   verify_url=site + document_id(0), signer_label="warm-up")

    # (a) the baseline: sign an already rendered, already filled-in pact
    rendered = stamp_and_sign(tenant, template, signer_values(1), document_id=document_id(1),
                              verify_url=site + document_id(1), signer_label="x")
    unsigned = _strip_to_unsigned(rendered)
    signer = _pdf_signer(active_signer(tenant))
    metadata = signers.PdfSignatureMetadata(field_name="Baseline", md_algorithm="sha256",
                                            subfilter=fields.SigSeedSubFilter.PADES)
    start = time.perf_counter()
    for _ in range(N):
        signers.PdfSigner(metadata, signer=signer).sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(unsigned))).getvalue()
    baseline_seconds = time.perf_counter() - start

    # (b) ours: stamp + sign + store, per signer
    store = DATA_DIR / "signed"
    store.mkdir(exist_ok=True)
    latencies = []
    start = time.perf_counter()
    for index in range(N):
        began = time.perf_counter()
        pdf = stamp_and_sign(tenant, template, signer_values(index), document_id=document_id(index),
                             verify_url=site + document_id(index),
                             signer_label=signer_values(index)["nama"])
        (store / f"{document_id(index)}.pdf").write_bytes(pdf)
        latencies.append(time.perf_counter() - began)
    ours_seconds = time.perf_counter() - start
    size = len(pdf)
    assert verify_pdf(tenant, pdf).valid

    # (c) naive: WeasyPrint per signer, then stamp + sign
    naive_latencies = []
    for index in range(N_NAIVE):
        began = time.perf_counter()
        _cache.clear()
        fresh = render_template_pdf(source, {**context, "title": f"Pakta Integritas {index}"},
                                    fields=PACT_FIELDS)
        stamp_and_sign(tenant, fresh, signer_values(index), document_id=document_id(index),
                       verify_url=site + document_id(index), signer_label="naive")
        naive_latencies.append(time.perf_counter() - began)

    baseline_rate, ours_rate = N / baseline_seconds, N / ours_seconds
    naive_rate = N_NAIVE / sum(naive_latencies)
    print(f"template render (once per text version): {render_seconds * 1000:8.1f} ms")
    print(f"(a) pyHanko signing a rendered PDF:  {baseline_rate:8.1f} signatures/s  (N={N})")
    print(f"(b) stamp + sign + store (ours):     {ours_rate:8.1f} pacts/s       (N={N}, "
          f"{size / 1024:.0f} KiB each)")
    print(f"(c) render + sign per signer:        {naive_rate:8.1f} pacts/s       (N={N_NAIVE})")
    print(f"ratio (b)/(a): {ours_rate / baseline_rate:.2f}   (target ≥ 0.5)    "
          f"naive (c)/(a): {naive_rate / baseline_rate:.2f}")
    print(f"10,000 signers on one core: {10_000 / ours_rate / 60:.1f} min (ours), "
          f"{10_000 / naive_rate / 60:.1f} min (naive)")
    print(f"per-signer latency (b): p50 {statistics.median(latencies) * 1000:.1f} ms, "
          f"p95 {percentile(latencies, 0.95) * 1000:.1f} ms, "
          f"max {max(latencies) * 1000:.1f} ms (target p95 < 1 s)")
    write_sample(tenant, template, site)


def _strip_to_unsigned(signed: bytes) -> bytes:
    """The stamped pact before its signature revision, i.e. a rendered, filled-in PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    # the signature's revision starts after the previous %%EOF
    end = signed.rfind(b"%%EOF", 0, signature.byte_range[1]) + len(b"%%EOF\n")
    return signed[:end]


def write_sample(tenant, template, site: str) -> None:
    from integritas.core.documents import stamp_and_sign
    from integritas.core.testing.documents import SAMPLE_VALUES

    OUT.mkdir(parents=True, exist_ok=True)
    pdf = stamp_and_sign(tenant, template, SAMPLE_VALUES, document_id="PI-2027-000001",
                         verify_url=site + "PI-2027-000001", signer_label=SAMPLE_VALUES["nama"])
    (OUT / "pact-sample.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(OUT / "pact-sample.pdf"),
                    str(OUT / "pact-sample")], check=True)
    print(f"sample: {OUT / 'pact-sample.pdf'} and {OUT / 'pact-sample.png'}")


if __name__ == "__main__":
    main()
