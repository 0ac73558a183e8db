"""`integritas lke_score --framework FILE|CODE --answers FILE`: score an LKE, print JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django_scopes import scopes_disabled

from integritas.core.errors import DomainError
from integritas.lke.frameworks import FrameworkError, parse_framework
from integritas.lke.libraries import normalised
from integritas.lke.reports import score_report
from integritas.lke.selectors import framework_for
from integritas.lke.services import read_document_file
from integritas.tenancy.models import Tenant


class Command(BaseCommand):
    # A scoring tool needs no URL or template checks (and runs on a bare installation).
    requires_system_checks = []
    help = ("Score LKE answers against a framework (a JSON/YAML file, or the code of a loaded "
            "framework) and print every node's weight, score and percent, the total and the "
            "WBK/WBBM verdicts as JSON.")

    def add_arguments(self, parser):
        parser.add_argument("--framework", required=True,
                            help="a framework file (JSON or YAML) or a framework code")
        parser.add_argument("--answers", required=True, type=Path,
                            help="a JSON or YAML file mapping item codes to answers")
        parser.add_argument("--has-wbk", action="store_true",
                            help="the unit already holds Menuju WBK (a WBBM condition)")
        parser.add_argument("--tenant", help="the slug of a Pemda, for its own framework codes")

    def handle(self, *args, framework, answers, has_wbk=False, tenant=None, **options):
        translation.activate("en")
        try:
            with scopes_disabled():
                report = score_report(self._framework(framework, tenant), self._answers(answers),
                                      has_wbk=has_wbk)
        except FrameworkError as error:
            problems = "\n".join(f"  {code}: {message}" for code, message in error.problems)
            raise CommandError(f"the framework has {len(error.problems)} problem(s):\n"
                               f"{problems}") from error
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.render('en')}") from error
        self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))

    def _framework(self, value: str, tenant_slug: str | None):
        path = Path(value)
        if path.is_file():
            return parse_framework(normalised(read_document_file(path.read_bytes())))
        tenant = Tenant.objects.filter(slug=tenant_slug).first() if tenant_slug else None
        if tenant_slug and tenant is None:
            raise CommandError(f"no Pemda with the slug {tenant_slug!r}")
        return framework_for(tenant, value)

    def _answers(self, path: Path) -> dict:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            answers = read_document_file(path.read_bytes())
        except DomainError as error:
            raise CommandError(f"{path}: {error.render('en')}") from error
        return answers
