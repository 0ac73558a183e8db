"""A sample pact for document tests, the benchmark and the sample PNG: the PermenPAN 49/2011
seven points (REFERENCE.md §2.2), a placeholder logo, a signer and a witness."""

from __future__ import annotations

import base64

from django.utils.html import format_html, format_html_join

from integritas.core.documents import letterhead_context

SAMPLE_POINTS = [
    "Berperan secara pro aktif dalam upaya pencegahan dan pemberantasan KKN serta tidak "
    "melibatkan diri dalam perbuatan tercela;",
    "Tidak meminta atau menerima pemberian secara langsung atau tidak langsung berupa suap, "
    "hadiah, bantuan, atau bentuk lainnya yang tidak sesuai dengan ketentuan;",
    "Bersikap transparan, jujur, obyektif, dan akuntabel dalam melaksanakan tugas;",
    "Menghindari pertentangan kepentingan (conflict of interest) dalam pelaksanaan tugas;",
    "Memberi contoh dalam kepatuhan terhadap peraturan perundang-undangan, terutama kepada "
    "pegawai di bawah pengawasan saya dan sesama pegawai, secara konsisten;",
    "Akan menyampaikan informasi penyimpangan integritas di Pemerintah Kota Contoh serta turut "
    "menjaga kerahasiaan saksi atas pelanggaran yang dilaporkan;",
    "Bila saya melanggar hal-hal tersebut di atas, saya siap menghadapi konsekuensinya.",
]

# A neutral shield with a star: a stand-in for a Pemda's coat of arms.
SAMPLE_LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 120">
<path d="M50 4 L94 18 L90 70 Q86 100 50 116 Q14 100 10 70 L6 18 Z" fill="#1f5f3a"
 stroke="#c9a227" stroke-width="5"/>
<path d="M50 30 L57 50 L78 50 L61 62 L68 83 L50 70 L32 83 L39 62 L22 50 L43 50 Z"
 fill="#c9a227"/></svg>"""

SAMPLE_VALUES = {
    "nama": "Dr. H. Ahmad Fauzi, S.E., M.Si.",
    "nip": "196608011988031001",
    "jabatan": "Inspektur Pembantu Wilayah I",
    "unit": "Inspektorat Kota Contoh",
    "tempat_tanggal": "Kota Contoh, 12 Januari 2027",
    "saksi_nama": "Ir. Budi Santoso, M.T.",
    "saksi_nip": "197001011995031002",
    "saksi_jabatan": "Inspektur Kota Contoh",
}


def sample_pact_context(tenant) -> dict:
    letterhead = letterhead_context(tenant, unit="Inspektorat")
    if not letterhead["logo_data_uri"]:
        encoded = base64.b64encode(SAMPLE_LOGO_SVG.encode()).decode()
        letterhead["logo_data_uri"] = f"data:image/svg+xml;base64,{encoded}"
    if not letterhead["address"]:
        letterhead["address"] = "Jalan Merdeka Nomor 1, Kota Contoh 99171 — Telepon (0711) 123456"
    points = format_html_join("", "<li>{}</li>", ((point,) for point in SAMPLE_POINTS))
    body = format_html(
        "<p>dalam rangka mewujudkan pemerintahan yang bersih dan bebas dari korupsi, kolusi, dan "
        "nepotisme, dengan ini menyatakan bahwa saya:</p><ol class=\"points\">{}</ol>", points)
    return {"title": "Pakta Integritas", "letterhead": letterhead, "body_html": body,
            "verify_base_url": "https://integritas.contoh.go.id/verifikasi/"}
