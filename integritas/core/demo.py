"""The demo Pemda (`integritas load_demo`) and the synthetic people that benchmarks load.

Kota Contoh is built from the OPDs named in the domain seeds (the Kota Jambi ZI pilots and the
usual secretariat, inspectorate and support agencies), with a deterministic random generator so
every machine gets the same ~300 employees. Everything is written through the services, exactly
as an administrator would, so the demo exercises validation and the audit chain.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import random
from dataclasses import dataclass, field

from django.db import transaction
from django_scopes import scope

from integritas.accounts.models import User
from integritas.accounts.roles import MFA_REQUIRED_ROLES, Role
from integritas.accounts.services import assign_role, create_user
from integritas.people.models import Employee, PositionKind
from integritas.people.services import create_employee, link_user
from integritas.tenancy.models import Tenant, Unit
from integritas.tenancy.services import create_tenant, create_unit

# A fixed base32 secret, printed by `load_demo`, so a visitor can log in without enrolling.
DEMO_TOTP_SECRET = "DEMOINTEGRITASKOTACONTOH2345ABCD"
DEMO_SEED = 2024
DEMO_ACTOR = None  # the audit log shows "system" for the loader
# Modules seeded after the people, in dependency order (see seed_modules).
DEMO_MODULES = ("pacts", "conflicts", "gratification", "cases", "surveys", "zi", "risk",
                "oversight")

JPT, ADMIN, SUPERVISOR = PositionKind.JPT, PositionKind.ADMINISTRATOR, PositionKind.SUPERVISOR
EXECUTOR, FUNCTIONAL = PositionKind.EXECUTOR, PositionKind.FUNCTIONAL

# --- Synthetic names and NIPs (shared with `integritas generate`) -------------------------------

MALE_NAMES = (
    "Ahmad", "Budi", "Andi", "Agus", "Hendra", "Rudi", "Dedi", "Joko", "Eko", "Rahmat", "Arif",
    "Bambang", "Fajar", "Hadi", "Irwan", "Muhammad", "Rizki", "Yudi", "Wahyu", "Sutrisno",
    "Teguh", "Syahrial", "Firman", "Zulkifli", "Dimas", "Bayu", "Ilham", "Fauzan", "Taufik",
    "Reza", "Gusmah", "Hidayatullah", "Iwan", "Yopi", "Darmawan",
)
FEMALE_NAMES = (
    "Siti", "Dewi", "Sri", "Rina", "Nur", "Ratna", "Yuni", "Fitri", "Indah", "Lestari", "Wulan",
    "Ayu", "Putri", "Nurul", "Desi", "Maya", "Ika", "Novi", "Diah", "Anisa", "Mega", "Eka",
    "Yulia", "Rini", "Fitrianti", "Corri", "Ria", "Mutiara",
)
MALE_SURNAMES = (
    "Santoso", "Wijaya", "Saputra", "Hidayat", "Pratama", "Setiawan", "Kurniawan", "Susanto",
    "Gunawan", "Hakim", "Rahman", "Syahputra", "Ramadhan", "Maulana", "Effendi", "Hasan", "Yusuf",
    "Hartono", "Firmansyah",
)
FEMALE_SURNAMES = (
    "Anggraini", "Wulandari", "Puspitasari", "Handayani", "Permatasari", "Utami", "Rahmawati",
    "Safitri", "Susanti", "Maharani", "Oktaviani", "Amelia", "Agustinda",
)
CLAN_NAMES = ("Lubis", "Nasution", "Siregar", "Harahap", "Sitompul", "Purba", "Tanjung",
              "Hasibuan", "Saidan", "Yuzar")

BACHELOR = {
    "admin": ("S.Sos.", "S.AP.", "S.STP.", "S.IP."), "law": ("S.H.",),
    "econ": ("S.E.", "S.Ak."), "tech": ("S.T.", "S.Kom."), "health": ("S.K.M.", "S.Kep."),
    "edu": ("S.Pd.",), "medic": ("S.Ked.",),
}
MASTER = {
    "admin": ("M.Si.", "M.A.P.", "M.M."), "law": ("M.H.",), "econ": ("M.Si.", "M.Ak.", "M.M."),
    "tech": ("M.T.",), "health": ("M.Kes.",), "edu": ("M.Pd.",), "medic": ("M.Kes.", "Sp.PD."),
}
DIPLOMA = {"health": ("A.Md.Kep.", "A.Md.Keb."), "medic": ("A.Md.Kep.",)}


def synthetic_name(rng: random.Random, sex: str, level: str,
                   field_of_study: str) -> tuple[str, str]:
    """(name as written with gelar, sort name). `level`: head, administrator, staff, clerk."""
    given = rng.choice(MALE_NAMES if sex == "M" else FEMALE_NAMES)
    family = rng.choice(CLAN_NAMES if rng.random() < 0.2 else
                        MALE_SURNAMES if sex == "M" else FEMALE_SURNAMES)
    core = f"{given} {family}"
    senior = level in {"head", "administrator"}
    prefix = ""
    if field_of_study == "medic" and level != "clerk":
        prefix = "dr. "
    elif senior and rng.random() < 0.35:
        prefix = "H. " if sex == "M" else "Hj. "
    if level == "head" and rng.random() < 0.15:
        prefix = "Dr. " + prefix.replace("dr. ", "")
    degrees = []
    if level == "clerk":
        if rng.random() < 0.5:
            degrees.append(rng.choice(DIPLOMA.get(field_of_study, ("A.Md.",))))
    else:
        degrees.append(rng.choice(BACHELOR[field_of_study]))
        if level == "head" or (level == "administrator" and rng.random() < 0.6):
            degrees.append(rng.choice(MASTER[field_of_study]))
    if field_of_study == "medic" and level != "clerk":
        degrees = degrees[1:]  # a physician writes dr. before the name, not S.Ked. after it
    suffix = ", " + ", ".join(degrees) if degrees else ""
    return f"{prefix}{core}{suffix}", core.lower()


BIRTH_YEARS = {"head": (1966, 1976), "administrator": (1968, 1982),
               "staff": (1972, 1996), "clerk": (1975, 2000)}
LAST_APPOINTMENT_YEAR = 2024


def synthetic_nip(rng: random.Random, sex: str, level: str, employment: str = "pns") -> str:
    """A NIP (or PPPK NI) that passes `integritas.people.nip.validate` for someone of `level`."""
    first, last = BIRTH_YEARS[level]
    year = rng.randint(first, last)
    birth = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    if employment == "pppk":
        middle = f"{rng.randint(2019, LAST_APPOINTMENT_YEAR)}{rng.choice(('21', '24'))}"
    else:
        appointed = min(year + rng.randint(20, 28), LAST_APPOINTMENT_YEAR)
        middle = f"{appointed}{rng.randint(1, 12):02d}"
    return f"{birth}{middle}{'1' if sex == 'M' else '2'}{rng.randint(1, 999):03d}"


# --- The shape of a Pemda ------------------------------------------------------------------------

@dataclass(frozen=True)
class Post:
    title: str
    kind: str
    echelon: str = ""


@dataclass(frozen=True)
class Office:
    """A unit, the post that heads it, named posts under the head, staff, and sub-units."""

    key: str
    name: str
    short_name: str
    kind: str
    head: Post
    field_of_study: str = "admin"
    staff: int = 0
    staff_posts: tuple[Post, ...] = ()
    posts: tuple[Post, ...] = ()
    children: tuple[Office, ...] = ()


CLERKS = (Post("Pengadministrasi Perkantoran", EXECUTOR), Post("Penata Layanan Operasional",
          EXECUTOR), Post("Pengelola Keuangan", EXECUTOR), Post("Pengolah Data dan Informasi",
          EXECUTOR))


def agency(key, name, short_name, kind, field_of_study, divisions, specialists, staff=7,
           head_echelon="II.b", head_title=None) -> Office:
    """A dinas or badan: the head, a secretariat with its subbagian, and its bidang."""
    secretariat = Office(
        f"{key}/sekretariat", "Sekretariat", f"Sekretariat {short_name}", Unit.Kind.DIVISION,
        Post(f"Sekretaris {short_name}", ADMIN, "III.a"), field_of_study, staff=5,
        staff_posts=CLERKS,
        posts=(Post("Kepala Subbagian Umum dan Kepegawaian", SUPERVISOR, "IV.a"),),
    )
    bidang = tuple(
        Office(f"{key}/{div_key}", div_name, "", Unit.Kind.DIVISION,
               Post(f"Kepala {div_name}", ADMIN, "III.b"), field_of_study, staff=staff,
               staff_posts=specialists + CLERKS[:2])
        for div_key, div_name in divisions
    )
    return Office(key, name, short_name, kind,
                  Post(head_title or f"Kepala {name}", JPT, head_echelon), field_of_study,
                  children=(secretariat, *bidang))


def inspectorate(key: str, divisions: int, staff: int) -> Office:
    auditors = (Post("Auditor Ahli Muda", FUNCTIONAL), Post("Auditor Ahli Pertama", FUNCTIONAL),
                Post("Pengawas Penyelenggaraan Urusan Pemerintahan Daerah Ahli Muda",
                     FUNCTIONAL))
    roman = ("I", "II", "III", "IV")[:divisions]
    return Office(
        key, "Inspektorat", "Inspektorat", Unit.Kind.INSPECTORATE, Post("Inspektur", JPT, "II.b"),
        "econ",
        children=(
            Office(f"{key}/sekretariat", "Sekretariat Inspektorat", "Sekretariat Inspektorat",
                   Unit.Kind.DIVISION, Post("Sekretaris Inspektorat", ADMIN, "III.a"), "econ",
                   staff=3, staff_posts=CLERKS),
            *(Office(f"{key}/irban-{n.lower()}", f"Inspektur Pembantu {n}", f"Irban {n}",
                     Unit.Kind.DIVISION, Post(f"Inspektur Pembantu {n}", ADMIN, "III.a"), "econ",
                     staff=staff, staff_posts=auditors) for n in roman),
        ),
    )


HEALTH_STAFF = (Post("Dokter Ahli Pertama", FUNCTIONAL), Post("Perawat Ahli Pertama", FUNCTIONAL),
                Post("Perawat Terampil", FUNCTIONAL), Post("Bidan Terampil", FUNCTIONAL))

CONTOH_OFFICES = (
    Office("setda", "Sekretariat Daerah", "Setda", Unit.Kind.SECRETARIAT,
           Post("Sekretaris Daerah", JPT, "II.a"), "admin",
           children=tuple(
               Office(f"setda/{key}", name, "", Unit.Kind.DIVISION,
                      Post(f"Kepala {name}", ADMIN, "III.a"), field_of_study, staff=5,
                      staff_posts=(specialist, *CLERKS[:2]))
               for key, name, field_of_study, specialist in (
                   ("hukum", "Bagian Hukum", "law",
                    Post("Perancang Peraturan Perundang-undangan Ahli Muda", FUNCTIONAL)),
                   ("organisasi", "Bagian Organisasi", "admin",
                    Post("Analis Kebijakan Ahli Muda", FUNCTIONAL)),
                   ("pbj", "Bagian Pengadaan Barang dan Jasa", "econ",
                    Post("Pengelola Pengadaan Barang/Jasa Ahli Muda", FUNCTIONAL)),
               ))),
    inspectorate("inspektorat", divisions=4, staff=6),
    agency("dukcapil", "Dinas Kependudukan dan Catatan Sipil", "Disdukcapil", Unit.Kind.AGENCY,
           "admin", (("pendaftaran", "Bidang Pelayanan Pendaftaran Penduduk"),
                     ("pencatatan", "Bidang Pelayanan Pencatatan Sipil"),
                     ("piak", "Bidang Pengelolaan Informasi Administrasi Kependudukan")),
           (Post("Administrator Database Kependudukan Ahli Pertama", FUNCTIONAL),)),
    agency("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP",
           Unit.Kind.AGENCY, "law", (("perizinan", "Bidang Pelayanan Perizinan"),
                                     ("penanaman-modal", "Bidang Penanaman Modal")),
           (Post("Penata Perizinan Ahli Muda", FUNCTIONAL),)),
    agency("bpprd", "Badan Pengelola Pajak dan Retribusi Daerah", "BPPRD", Unit.Kind.BOARD,
           "econ", (("pendataan", "Bidang Pendataan dan Penetapan"),
                    ("penagihan", "Bidang Penagihan dan Keberatan")),
           (Post("Pemeriksa Pajak Daerah Ahli Pertama", FUNCTIONAL),)),
    agency("disdik", "Dinas Pendidikan", "Disdik", Unit.Kind.AGENCY, "edu",
           (("sd", "Bidang Pembinaan Sekolah Dasar"), ("smp", "Bidang Pembinaan Sekolah Menengah"
                                                             " Pertama")),
           (Post("Pengawas Sekolah Ahli Madya", FUNCTIONAL),)),
    Office("dinkes", "Dinas Kesehatan", "Dinkes", Unit.Kind.AGENCY,
           Post("Kepala Dinas Kesehatan", JPT, "II.b"), "health",
           children=(*agency("dinkes", "Dinas Kesehatan", "Dinkes", Unit.Kind.AGENCY, "health",
                             (("yankes", "Bidang Pelayanan Kesehatan"),
                              ("p2p", "Bidang Pencegahan dan Pengendalian Penyakit")),
                             (Post("Epidemiolog Kesehatan Ahli Muda", FUNCTIONAL),)).children,
                     Office("dinkes/pakuan-baru", "Puskesmas Pakuan Baru", "PKM Pakuan Baru",
                            Unit.Kind.HEALTH_CENTRE,
                            Post("Kepala UPTD Puskesmas Pakuan Baru", FUNCTIONAL), "medic",
                            staff=12, staff_posts=HEALTH_STAFF))),
    Office("kec-pasar", "Kecamatan Pasar", "Kec. Pasar", Unit.Kind.DISTRICT,
           Post("Camat Pasar", ADMIN, "III.a"), "admin", staff=4, staff_posts=CLERKS,
           posts=(Post("Sekretaris Kecamatan", ADMIN, "III.b"),),
           children=tuple(
               Office(f"kec-pasar/{key}", f"Kelurahan {name}", f"Kel. {name}", Unit.Kind.VILLAGE,
                      Post(f"Lurah {name}", SUPERVISOR, "IV.a"), "admin", staff=4,
                      staff_posts=CLERKS)
               for key, name in (("beringin", "Beringin"), ("sungai-asam", "Sungai Asam")))),
    agency("rsud", "RSUD H. Abdul Manap", "RSUD Abdul Manap", Unit.Kind.HOSPITAL, "medic",
           (("yanmed", "Bidang Pelayanan Medik"), ("keperawatan", "Bidang Keperawatan")),
           HEALTH_STAFF, staff=12, head_title="Direktur RSUD H. Abdul Manap"),
    agency("dpu", "Dinas Pekerjaan Umum", "DPU", Unit.Kind.AGENCY, "tech",
           (("bina-marga", "Bidang Bina Marga"), ("sda", "Bidang Sumber Daya Air")),
           (Post("Teknik Jalan dan Jembatan Ahli Muda", FUNCTIONAL),
            Post("Teknik Pengairan Ahli Pertama", FUNCTIONAL))),
    agency("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM",
           Unit.Kind.BOARD, "admin", (("mutasi", "Bidang Mutasi dan Promosi"),
                                      ("pengembangan", "Bidang Pengembangan Kompetensi")),
           (Post("Analis Sumber Daya Manusia Aparatur Ahli Muda", FUNCTIONAL),)),
)

LAIN_OFFICES = (
    Office("setda", "Sekretariat Daerah", "Setda", Unit.Kind.SECRETARIAT,
           Post("Sekretaris Daerah", JPT, "II.a"), "admin", staff=3, staff_posts=CLERKS),
    inspectorate("inspektorat", divisions=2, staff=3),
    Office("dinkes", "Dinas Kesehatan", "Dinkes", Unit.Kind.AGENCY,
           Post("Kepala Dinas Kesehatan", JPT, "II.b"), "health", staff=4,
           staff_posts=HEALTH_STAFF),
)


@dataclass(frozen=True)
class Login:
    """A demo account, linked to the head of `unit` or to a new employee holding `post` there."""

    email: str
    role: str
    unit: str
    post: Post | None = None
    scoped: bool = False  # the role is limited to `unit` and below


@dataclass(frozen=True)
class DemoTenant:
    slug: str
    name: str
    kind: str
    region_code: str
    details: dict
    offices: tuple[Office, ...]
    logins: tuple[Login, ...]


DEMO_TENANTS = (
    DemoTenant(
        "contoh", "Pemerintah Kota Contoh", Tenant.Kind.CITY, "99.71",
        {"city": "Contoh", "address": "Jl. Jenderal Sudirman No. 1, Kota Contoh",
         "head_title": "Wali Kota", "head_name": "Dr. H. Ahmad Fauzi, S.E., M.Si.",
         "deputy_title": "Wakil Wali Kota", "deputy_name": "Hj. Fitrianti Agustinda, S.H., M.H."},
        CONTOH_OFFICES,
        (
            Login("admin@contoh.go.id", Role.TENANT_ADMIN, "setda/organisasi",
                  Post("Pranata Komputer Ahli Muda", FUNCTIONAL)),
            Login("inspektur@contoh.go.id", Role.INSPEKTUR, "inspektorat"),
            Login("auditor@contoh.go.id", Role.AUDITOR, "inspektorat/irban-i",
                  Post("Auditor Ahli Muda", FUNCTIONAL)),
            Login("upg@contoh.go.id", Role.UPG, "inspektorat/sekretariat",
                  Post("Pengawas Penyelenggaraan Urusan Pemerintahan Daerah Ahli Pertama",
                       FUNCTIONAL)),
            Login("kadis.dukcapil@contoh.go.id", Role.OPD_HEAD, "dukcapil", scoped=True),
            Login("zi.dukcapil@contoh.go.id", Role.ZI_COORDINATOR, "dukcapil/sekretariat",
                  Post("Analis Kebijakan Ahli Muda", FUNCTIONAL), scoped=True),
            Login("tpi@contoh.go.id", Role.TPI_EVALUATOR, "inspektorat/irban-ii",
                  Post("Auditor Ahli Madya", FUNCTIONAL)),
            Login("sekda@contoh.go.id", Role.REGIONAL_HEAD, "setda"),
            Login("pegawai@contoh.go.id", Role.EMPLOYEE, "dukcapil/pendaftaran",
                  Post("Pengadministrasi Kependudukan", EXECUTOR)),
        ),
    ),
    DemoTenant(
        "lain", "Pemerintah Kabupaten Lain", Tenant.Kind.REGENCY, "99.02",
        {"city": "Lain", "address": "Jl. Pemuda No. 2, Kabupaten Lain", "head_title": "Bupati",
         "head_name": "H. Zainudin Hasan, S.H., M.H.", "deputy_title": "Wakil Bupati"},
        LAIN_OFFICES,
        (Login("auditor@lain.go.id", Role.AUDITOR, "inspektorat/irban-i",
               Post("Auditor Ahli Pertama", FUNCTIONAL)),),
    ),
)


# --- Building ------------------------------------------------------------------------------------

@dataclass
class Builder:
    """Writes one demo tenant through the services; `units` and `heads` are keyed by office key."""

    spec: DemoTenant
    rng: random.Random
    tenant: Tenant | None = None
    units: dict[str, Unit] = field(default_factory=dict)
    heads: dict[str, Employee] = field(default_factory=dict)
    nips: set[str] = field(default_factory=set)

    def build(self) -> None:
        spec = self.spec
        self.tenant = create_tenant(DEMO_ACTOR, slug=spec.slug, name=spec.name, kind=spec.kind,
                                    region_code=spec.region_code, **spec.details)
        for office in spec.offices:
            self.add_office(office, parent_unit=None, superior=None)
        for login in spec.logins:
            self.add_login(login)

    def add_office(self, office: Office, parent_unit: Unit | None,
                   superior: Employee | None) -> None:
        unit = create_unit(self.tenant, DEMO_ACTOR, name=office.name, parent=parent_unit,
                           kind=office.kind, short_name=office.short_name)
        self.units[office.key] = unit
        level = "head" if office.head.kind == JPT else "administrator"
        head = self.add_employee(unit, office.head, level, office.field_of_study, superior)
        self.heads[office.key] = head
        for post in office.posts:
            self.add_employee(unit, post, "administrator", office.field_of_study, head)
        for number in range(office.staff):
            post = office.staff_posts[number % len(office.staff_posts)]
            level = "clerk" if post.kind == EXECUTOR else "staff"
            self.add_employee(unit, post, level, office.field_of_study, head)
        for child in office.children:
            self.add_office(child, unit, head)

    def add_employee(self, unit: Unit, post: Post, level: str, field_of_study: str,
                     superior: Employee | None) -> Employee:
        rng = self.rng
        sex = rng.choice("MF")
        employment = "pppk" if post.kind == FUNCTIONAL and rng.random() < 0.1 else "pns"
        nip = synthetic_nip(rng, sex, level, employment)
        while nip in self.nips:
            nip = synthetic_nip(rng, sex, level, employment)
        self.nips.add(nip)
        name, _sort_name = synthetic_name(rng, sex, level, field_of_study)
        return create_employee(
            self.tenant, DEMO_ACTOR, nip=nip, name=name, unit=unit, position_title=post.title,
            position_kind=post.kind, echelon=post.echelon, employment=employment,
            superior=superior, started_on=dt.date(rng.randint(2019, 2024), rng.randint(1, 12), 1),
        )

    def add_login(self, login: Login) -> None:
        # Imported here: the factories need factory-boy, which `generate` users may not have.
        from integritas.core.testing.factories import DEMO_PASSWORD, enrol_totp

        unit = self.units[login.unit]
        if login.post is None:
            employee = self.heads[login.unit]
        else:
            level = "clerk" if login.post.kind == EXECUTOR else "staff"
            employee = self.add_employee(unit, login.post, level, "admin",
                                         self.heads[login.unit])
        user = create_user(self.tenant, DEMO_ACTOR, email=login.email, full_name=employee.name,
                           password=DEMO_PASSWORD)
        assign_role(self.tenant, DEMO_ACTOR, user=user, role=login.role,
                    unit=unit if login.scoped else None)
        link_user(self.tenant, DEMO_ACTOR, employee, user)
        if login.role in MFA_REQUIRED_ROLES:
            enrol_totp(user, DEMO_TOTP_SECRET)


def load_demo() -> list[str]:
    """Create the demo tenants that do not exist yet; return the slugs created (idempotent)."""
    created = []
    for spec in DEMO_TENANTS:
        if Tenant.objects.filter(slug=spec.slug).exists():
            continue
        rng = random.Random(f"{DEMO_SEED}-{spec.slug}")
        with transaction.atomic():  # a failure midway leaves no half-built Pemda
            builder = Builder(spec, rng)
            builder.build()
            seed_modules(builder.tenant, rng)
        created.append(spec.slug)
    return created


def seed_modules(tenant: Tenant, rng: random.Random) -> None:
    """Give each module's pages something to show: `integritas/<app>/demo.py` may define
    `seed_demo(tenant, rng)`, called in this order inside the tenant's scope."""
    for app in DEMO_MODULES:
        name = f"integritas.{app}.demo"
        if importlib.util.find_spec(name) is None:
            continue
        with scope(tenant=tenant.pk):
            importlib.import_module(name).seed_demo(tenant, rng)


@dataclass(frozen=True)
class LoginRow:
    email: str
    role: str
    tenant: str
    name: str
    unit: str
    totp: bool


def demo_logins() -> list[LoginRow]:
    """The demo accounts as they are in the database, in the order of DEMO_TENANTS."""
    rows = []
    for spec in DEMO_TENANTS:
        tenant = Tenant.objects.filter(slug=spec.slug).first()
        if tenant is None:
            continue
        with scope(tenant=tenant.pk):
            for login in spec.logins:
                user = User.objects.filter(email=login.email).first()
                employee = Employee.objects.filter(user=user).select_related("unit").first()
                if user is None or employee is None:
                    continue
                rows.append(LoginRow(
                    login.email, str(Role(login.role).label), spec.slug, employee.name,
                    employee.unit.label, login.role in MFA_REQUIRED_ROLES,
                ))
    return rows
