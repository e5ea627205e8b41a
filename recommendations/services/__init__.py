"""Every write to recommendations, each one atomic with keyword-only arguments: status.py
(record a status, one or many), links.py (recurrence links, their chains, the pillar).

Views, the admin, the import and the management commands call these and never set the
denormalised fields themselves.
"""

from recommendations.services.status import (
    LINK_ACTIONS,
    StaleStatusError,
    bulk_record_status,
    change_link,
    link_candidates,
    record_status,
    set_pillar,
    validate_status_input,
)

__all__ = [
    "LINK_ACTIONS",
    "StaleStatusError",
    "bulk_record_status",
    "change_link",
    "link_candidates",
    "record_status",
    "set_pillar",
    "validate_status_input",
]
