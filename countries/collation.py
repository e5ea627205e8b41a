"""The order of names in the reader's alphabet: pure, one key for both databases.

A name's sort key is the primary level of its Unicode Collation Algorithm key (pyuca, the
default table), written as hex digits: it sorts "Côte d'Ivoire" before "Czechia" and "Türkiye"
with "Turkiye" (before "Turkmenistan"), ignoring case and accents. Hex digits compare the same
under any database collation, so SQLite and PostgreSQL give one order from an ordinary indexed
column (Country.sort_name); names equal at that level are ordered by the name itself.
"""

from functools import cache

import pyuca

SORT_KEY_LENGTH = 400  # 100 collation elements of 4 hex digits: a name of 100 characters


@cache
def _collator():
    return pyuca.Collator()


def sort_key(name):
    """The primary collation weights of `name` as a string that sorts bytewise."""
    weights = _collator().sort_key(str(name))
    primary = weights[: weights.index(0)] if 0 in weights else weights
    return "".join(f"{weight:04x}" for weight in primary)[:SORT_KEY_LENGTH]
