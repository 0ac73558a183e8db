import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integritas.settings")
application = get_wsgi_application()
# Import every app's URLs (and the API's schemas) now, while the worker boots, instead of
# during its first request (about two seconds on a small server).
get_resolver().url_patterns  # noqa: B018
