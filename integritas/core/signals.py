"""Signals of the core.

`records_changed(sender=Model, tenant=tenant)`: a bulk write (`QuerySet.update`,
`bulk_update`) changed rows of `Model` in `tenant` without a `post_save` per row. Sent inside
the writer's transaction, so caches built from those rows (`core.cache_tokens`) can be
invalidated like after a save.
"""

from django.dispatch import Signal

records_changed = Signal()
