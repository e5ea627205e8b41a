"""Every write to recommendations, each one atomic with keyword-only arguments: status.py
(record a status, one or many), carried_over.py (what each is carried over from and the
recurrence_years that follow, the pillar, the admin's save of a recommendation),
chapter_import.py (the rows a chapter import planned), themes.py (the rules' themes, an admin's
corrections), follows.py (follow and unfollow a country, the digest's frequency),
wording_groups.py, upgrades.py.

Views, the admin, the import and the management commands call these and never set the
denormalised fields themselves.
"""

from recommendations.services.carried_over import (
    CARRIED_OVER_ACTIONS,
    KEEP_CARRIED_OVER,
    change_carried_over,
    check_carried_over,
    confirm_carried_over,
    match_carried_over,
    refresh_dropped,
    refresh_recurrence,
    remove_carried_over,
    save_recommendation,
    set_carried_over,
    set_pillar,
)
from recommendations.services.chapter_import import write_import_plan
from recommendations.services.follows import follow, set_frequency, unfollow
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
    "KEEP_CARRIED_OVER",
    "CARRIED_OVER_ACTIONS",
    "StaleStatusError",
    "ThemeChanges",
    "apply_rules",
    "apply_rules_everywhere",
    "bulk_record_status",
    "change_carried_over",
    "check_carried_over",
    "confirm_carried_over",
    "correct_themes",
    "follow",
    "record_status",
    "recorded_twice",
    "refresh_recurrence",
    "refresh_dropped",
    "refresh_wording_groups",
    "match_carried_over",
    "remove_carried_over",
    "save_recommendation",
    "set_frequency",
    "set_carried_over",
    "set_pillar",
    "unfollow",
    "validate_status_input",
    "write_import_plan",
]
