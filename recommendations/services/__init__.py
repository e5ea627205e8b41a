"""Every write to recommendations, each one atomic with keyword-only arguments: status.py
(record a status, one or many), links.py (recurrence links and their chains, the pillar, the
admin's save of a recommendation), imports.py (the rows a chapter import planned), themes.py
(the rules' themes, an admin's corrections), follows.py (follow and unfollow a country, the
digest's frequency).

Views, the admin, the import and the management commands call these and never set the
denormalised fields themselves.
"""

from recommendations.services.chapter_import import write_import_plan
from recommendations.services.follows import follow, set_frequency, unfollow
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
from recommendations.services.themes import (
    ThemeChanges,
    apply_rules,
    apply_rules_everywhere,
    correct_themes,
)
from recommendations.services.wording_groups import refresh_wording_groups

__all__ = [
    "AlreadyRecorded",
    "KEEP_LINK",
    "LINK_ACTIONS",
    "StaleStatusError",
    "ThemeChanges",
    "apply_rules",
    "apply_rules_everywhere",
    "bulk_record_status",
    "change_link",
    "check_link",
    "confirm_links",
    "correct_themes",
    "follow",
    "record_status",
    "recorded_twice",
    "refresh_chains",
    "refresh_dropped",
    "refresh_wording_groups",
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
