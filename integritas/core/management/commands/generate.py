"""`integritas generate`: synthetic national-scale data for benchmarks.

Example: `integritas generate --tenants 550 --employees 8000` loads 550 Pemda with ~40 units and
8,000 employees each (4.4 million employees and as many positions held), about the size of every
Pemda in Indonesia on one database.

Why this command bypasses the services (rule 1): the services validate and audit one record at a
time, which is right for real records and far too slow for millions of synthetic ones. This is a
benchmark tool, not a way to enter data: it bulk-loads rows that are valid by construction (NIPs
from the same generator as the demo, sort names filled, unit paths well-formed), inserts them with
PostgreSQL's COPY (plain multi-row INSERTs on SQLite), and writes one audit event per generated
tenant saying that its data was bulk-loaded outside the services. Each tenant is loaded in its own
transaction; a re-run with the same arguments skips the tenants that already exist.

On PostgreSQL, `--jobs` processes (default 2) load tenants side by side: the server's time goes
into index maintenance and foreign-key checks, which one connection cannot spread over cores.
"""

from __future__ import annotations

import functools
import multiprocessing
import random
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.utils import timezone
from django_scopes import scope

from integritas.audit.services import record
from integritas.core.demo import CLERKS, Post, synthetic_name, synthetic_nip
from integritas.people.models import Employee, Position, PositionKind
from integritas.tenancy.models import Tenant, Unit

ACTOR = "integritas generate"
MAX_TENANTS = 1000  # region codes 40.00-49.99, a range no real Pemda uses
PROGRESS_SECONDS = 5

OPD_NAMES = (
    ("Sekretariat Daerah", Unit.Kind.SECRETARIAT), ("Sekretariat DPRD",
                                                    Unit.Kind.COUNCIL_SECRETARIAT),
    ("Inspektorat", Unit.Kind.INSPECTORATE),
    ("Badan Perencanaan Pembangunan Daerah", Unit.Kind.BOARD),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", Unit.Kind.BOARD),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", Unit.Kind.BOARD),
    ("Badan Pendapatan Daerah", Unit.Kind.BOARD),
    ("Dinas Pendidikan", Unit.Kind.AGENCY), ("Dinas Kesehatan", Unit.Kind.AGENCY),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", Unit.Kind.AGENCY),
    ("Dinas Perumahan dan Kawasan Permukiman", Unit.Kind.AGENCY),
    ("Satuan Polisi Pamong Praja", Unit.Kind.AGENCY), ("Dinas Sosial", Unit.Kind.AGENCY),
    ("Dinas Tenaga Kerja", Unit.Kind.AGENCY),
    ("Dinas Kependudukan dan Catatan Sipil", Unit.Kind.AGENCY),
    ("Dinas Perhubungan", Unit.Kind.AGENCY), ("Dinas Komunikasi dan Informatika",
                                               Unit.Kind.AGENCY),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", Unit.Kind.AGENCY),
    ("Dinas Lingkungan Hidup", Unit.Kind.AGENCY), ("Dinas Pertanian", Unit.Kind.AGENCY),
    ("Dinas Pariwisata", Unit.Kind.AGENCY), ("Rumah Sakit Umum Daerah", Unit.Kind.HOSPITAL),
)
DIVISION_NAMES = ("Sekretariat", "Bidang Perencanaan", "Bidang Pelayanan", "Bidang Pengawasan",
                  "Bidang Pengembangan")
STAFF_POSTS = (*CLERKS, Post("Analis Kebijakan Ahli Muda", PositionKind.FUNCTIONAL),
               Post("Pranata Komputer Ahli Pertama", PositionKind.FUNCTIONAL),
               Post("Auditor Ahli Pertama", PositionKind.FUNCTIONAL))
FIELDS_OF_STUDY = ("admin", "law", "econ", "tech", "health", "edu")

EMPLOYEE_FIELDS = ("id", "created_at", "updated_at", "tenant", "nip", "employment", "name",
                   "sort_name", "sex", "email", "unit", "position_title", "position_kind",
                   "echelon", "superior", "status", "user")
POSITION_FIELDS = ("created_at", "updated_at", "tenant", "employee", "unit", "title", "kind",
                   "echelon", "started_on", "ended_on")


def columns(model, field_names: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in field_names]


class Command(BaseCommand):
    help = "Bulk-load synthetic Pemda, units and employees for benchmarks (gen-0001, …)."

    def add_arguments(self, parser):
        parser.add_argument("--tenants", type=int, required=True)
        parser.add_argument("--employees", type=int, required=True, help="employees per tenant")
        parser.add_argument("--units", type=int, default=40, help="units per tenant (default 40)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--jobs", type=int, default=None,
                            help="parallel loaders (default 2 on PostgreSQL, 1 on SQLite)")

    def handle(self, *args, tenants, employees, units, seed, jobs, **options):
        if not 1 <= tenants <= MAX_TENANTS:
            raise CommandError(f"--tenants must be between 1 and {MAX_TENANTS}.")
        if employees < 0 or units < 1:
            raise CommandError("--employees must be ≥ 0 and --units ≥ 1.")
        writer = RowWriter.for_connection()
        jobs = jobs or writer.default_jobs
        started = last_report = time.monotonic()
        rows = made = skipped = 0
        numbers = range(1, tenants + 1)
        task = functools.partial(generate_tenant, seed=seed, units=units, employees=employees)
        for number, loaded in zip(numbers, self.run_tasks(task, numbers, jobs), strict=True):
            if loaded is None:
                skipped += 1
                continue
            rows += loaded
            made += 1
            now = time.monotonic()
            if now - last_report >= PROGRESS_SECONDS or number == tenants:
                last_report = now
                self.stdout.write(f"{number}/{tenants} tenants · {rows:,} rows · "
                                  f"{rows / (now - started):,.0f} rows/s · {now - started:.0f} s")
                self.stdout.flush()
        writer.analyze()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Generated {made} tenants ({skipped} already there) with {units} units and "
            f"{employees:,} employees each: {rows:,} rows in {elapsed:.1f} s, "
            f"{rows / elapsed if elapsed else 0:,.0f} rows/s ({writer.method}, {jobs} jobs)."
        )

    @staticmethod
    def run_tasks(task, numbers, jobs: int):
        """The results of `task(number)` in order, computed by `jobs` forked processes."""
        if jobs == 1:
            yield from map(task, numbers)
            return
        connections.close_all()  # each forked loader opens its own connection
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context) as executor:
            yield from executor.map(task, numbers)


def generate_tenant(number: int, *, seed: int, units: int, employees: int) -> int | None:
    """Load tenant `gen-<number>` in one transaction; the rows written, or None if it exists."""
    slug = f"gen-{number:04d}"
    if Tenant.objects.filter(slug=slug).exists():
        return None
    with transaction.atomic():
        return TenantGenerator(number, slug, seed, units, employees,
                               RowWriter.for_connection()).run()


class RowWriter:
    """Reserves primary keys and writes rows in bulk: COPY on PostgreSQL, INSERT on SQLite."""

    method = "INSERT"
    default_jobs = 1  # SQLite has one writer at a time

    @staticmethod
    def for_connection() -> RowWriter:
        return CopyWriter() if connection.vendor == "postgresql" else RowWriter()

    def reserve_ids(self, model, count: int) -> list[int]:
        # SQLite runs this inside the tenant's write transaction, so no one else can take them.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
            last = cursor.fetchone()[0]
        return list(range(last + 1, last + 1 + count))

    def write(self, model, field_names: Sequence[str], rows: Iterable[tuple]) -> None:
        cols = columns(model, field_names)
        sql = (f"INSERT INTO {model._meta.db_table} ({', '.join(cols)}) "
               f"VALUES ({', '.join(['%s'] * len(cols))})")
        with connection.cursor() as cursor:
            cursor.executemany(sql, list(rows))

    def analyze(self) -> None:
        """Fresh planner statistics, so the first queries after a bulk load plan well."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class CopyWriter(RowWriter):
    method = "COPY"
    default_jobs = 2

    def reserve_ids(self, model, count: int) -> list[int]:
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                           "FROM generate_series(1, %s)", [table, count])
            return [row[0] for row in cursor.fetchall()]

    def write(self, model, field_names: Sequence[str], rows: Iterable[tuple]) -> None:
        cols = ", ".join(columns(model, field_names))
        with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {model._meta.db_table} ({cols}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)


class TenantGenerator:
    """One synthetic Pemda: deterministic for (seed, number), whatever else exists."""

    def __init__(self, number: int, slug: str, seed: int, units: int, employees: int,
                 writer: RowWriter):
        self.number, self.slug, self.writer = number, slug, writer
        self.unit_count, self.employee_count = units, employees
        self.rng = random.Random(f"{seed}-{number}")
        self.now = timezone.now()

    def run(self) -> int:
        index = self.number - 1
        is_city = self.number % 5 == 0
        kind_word = "Kota" if is_city else "Kabupaten"
        tenant = Tenant.objects.create(
            slug=self.slug, name=f"Pemerintah {kind_word} Sintetis {self.number:04d}",
            kind=Tenant.Kind.CITY if is_city else Tenant.Kind.REGENCY,
            region_code=f"{40 + index // 100}.{index % 100:02d}",
            city=f"Sintetis {self.number:04d}", head_title="Wali Kota" if is_city else "Bupati",
        )
        with scope(tenant=tenant.pk):
            units = self.create_units(tenant)
            employees = self.write_people(tenant, units)
            record(tenant, ACTOR, "core.synthetic_data.load", tenant, {
                "units": len(units), "employees": employees,
                "note": "synthetic benchmark data, bulk-loaded outside the services",
            })
        return len(units) + 2 * employees

    def create_units(self, tenant) -> list[Unit]:
        """About 60 % top-level OPDs, the rest divisions spread over them."""
        step = Unit.PATH_STEP
        top_count = max(1, round(self.unit_count * 0.6))
        top = [
            Unit(tenant=tenant, name=name, kind=kind, path=f"{n + 1:0{step}d}", depth=0)
            for n, (name, kind) in enumerate(self.opd_names(top_count))
        ]
        Unit.objects.bulk_create(top)
        children = []
        for n in range(self.unit_count - top_count):
            parent = top[n % top_count]
            sibling = n // top_count
            name = (DIVISION_NAMES[sibling] if sibling < len(DIVISION_NAMES)
                    else f"Bidang {sibling + 1}")
            children.append(Unit(tenant=tenant, parent=parent, name=name,
                                 kind=Unit.Kind.DIVISION, depth=1,
                                 path=f"{parent.path}{sibling + 1:0{step}d}"))
        Unit.objects.bulk_create(children)
        return top + children

    @staticmethod
    def opd_names(count: int) -> list[tuple[str, str]]:
        names = list(OPD_NAMES[:count])
        names += [(f"Kecamatan {n}", Unit.Kind.DISTRICT)
                  for n in range(1, count - len(names) + 1)]
        return names

    def write_people(self, tenant, units: list[Unit]) -> int:
        ids = self.writer.reserve_ids(Employee, self.employee_count)
        employees, positions = [], []
        heads: dict[int, int] = {}  # unit id -> id of its head
        nips: set[str] = set()
        rng, now = self.rng, self.now
        for number, employee_id in enumerate(ids):
            if number < len(units):  # the first employees head the units, OPDs first
                unit = units[number]
                top = unit.depth == 0
                post = Post(f"Kepala {unit.name}", PositionKind.JPT if top else
                            PositionKind.ADMINISTRATOR, "II.b" if top else "III.b")
                level = "head" if top else "administrator"
                superior = heads.get(unit.parent_id)
                heads[unit.id] = employee_id
            else:
                unit = units[rng.randrange(len(units))]
                post = STAFF_POSTS[rng.randrange(len(STAFF_POSTS))]
                level = "clerk" if post.kind == PositionKind.EXECUTOR else "staff"
                superior = heads.get(unit.id)
            sex = "M" if rng.random() < 0.5 else "F"
            nip = synthetic_nip(rng, sex, level)
            while nip in nips:
                nip = synthetic_nip(rng, sex, level)
            nips.add(nip)
            name, sort_name = synthetic_name(rng, sex, level, FIELDS_OF_STUDY[unit.id % 6])
            employees.append((employee_id, now, now, tenant.pk, nip, "pns", name, sort_name,
                              sex, "", unit.id, post.title, post.kind, post.echelon, superior,
                              Employee.Status.ACTIVE, None))
            positions.append((now, now, tenant.pk, employee_id, unit.id, post.title, post.kind,
                              post.echelon, now.date(), None))
        self.writer.write(Employee, EMPLOYEE_FIELDS, employees)
        self.writer.write(Position, POSITION_FIELDS, positions)
        return len(employees)
