"""Every write to recommendations, each one atomic with keyword-only arguments: status.py
(record a status, one or many), links.py (recurrence links and their chains, the pillar, the
admin's save of a recommendation), imports.py (the rows a chapter import planned), follows.py
(follow and unfollow a country, the digest's frequency).

Views, the admin, the import and the management commands call these and never set the
denormalised fields themselves.
"""

from recommendations.services.follows import follow, set_frequency, unfollow
from recommendations.services.imports import write_import_plan
from recommendations.services.links import (
    KEEP_LINK,
    LINK_ACTIONS,
    change_link,
    check_link,
    confirm_links,
    refresh_chains,
    refresh_dropped,
    relink,
    remove_link,
    save_recommendation,
    set_link,
    set_pillar,
)
from recommendations.services.status import (
    AlreadyRecorded,
    StaleStatusError,
    bulk_record_status,
    record_status,
    recorded_twice,
    validate_status_input,
)

__all__ = [
    "AlreadyRecorded",
    "KEEP_LINK",
    "LINK_ACTIONS",
    "StaleStatusError",
    "bulk_record_status",
    "change_link",
    "check_link",
    "confirm_links",
    "follow",
    "record_status",
    "recorded_twice",
    "refresh_chains",
    "refresh_dropped",
    "relink",
    "remove_link",
    "save_recommendation",
    "set_frequency",
    "set_link",
    "set_pillar",
    "unfollow",
    "validate_status_input",
    "write_import_plan",
]
