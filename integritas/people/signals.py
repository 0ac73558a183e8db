"""Events other apps react to without the people app knowing them (pacts enrols late joiners)."""

from django.dispatch import Signal

# Sent inside the service's transaction when an active employee takes up a position: hired,
# moved to another unit or position, or reinstated. Arguments: tenant, actor, employee.
employee_placed = Signal()

# Sent inside the roster import's transaction, once, for the active employees it created or whose
# unit or position it changed (only when there are any). Arguments: tenant, actor, employee_ids.
employees_placed = Signal()
