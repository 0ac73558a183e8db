"""`integritas load_libraries`: make the reference tables equal to `libraries/` (idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from integritas.core.libraries import LibraryError, load_libraries


class Command(BaseCommand):
    help = "Load every reference library (holidays, ...) from the libraries/ folder."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path,
                            help="another libraries folder (default: the repository's)")

    def handle(self, *args, path=None, **options):
        try:
            results = load_libraries(path)
        except LibraryError as error:
            raise CommandError(str(error)) from error
        for result in results:
            self.stdout.write(str(result))
