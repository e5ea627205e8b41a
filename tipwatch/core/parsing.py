"""Whole numbers from text (ids, years, limits): the one place that turns user text into ints.

Only ASCII digits count. `str.isdigit()` is true for "²" or "٣", and `int()` fails on the
first and quietly reads the second: here both are refused like any other non-number, with a
`ValueError` whose message says what was expected (safe to show to the user).

    parse_id(request.GET.get("id"))           # 1 .. LARGEST_ID
    parse_year(cell, label="report year")     # FIRST_REPORT_YEAR .. LAST_PLAUSIBLE_YEAR
    parse_limit(text, default=50, maximum=500)
"""

# The largest value of a bigint primary key (PostgreSQL and SQLite alike): a larger id can
# name no row, and would overflow the query.
LARGEST_ID = 2**63 - 1

# Report years the database accepts (countries.models checks them in constraints too): the
# first TIP report was published in 2001.
FIRST_REPORT_YEAR = 2001
LAST_PLAUSIBLE_YEAR = 2100

# Longer digit strings are refused before conversion (Python refuses >4300 digits anyway).
MAX_DIGITS = 30


def is_whole_number(text):
    """True when `text` (already stripped) is ASCII digits only, and not too many of them."""
    if not isinstance(text, str) or not 0 < len(text) <= MAX_DIGITS:
        return False
    return text.isascii() and text.isdigit()


def whole_number(text, *, minimum=0, maximum=None, label="number"):
    """`text` as an int between `minimum` and `maximum`, or ValueError saying what is wanted."""
    cleaned = "" if text is None else str(text).strip()
    if not is_whole_number(cleaned):
        shown = cleaned if len(cleaned) <= 40 else cleaned[:40] + "…"
        raise ValueError(f"{label} must be a whole number written in digits 0-9, not {shown!r}")
    value = int(cleaned)
    if value < minimum or (maximum is not None and value > maximum):
        upper = f" and {maximum}" if maximum is not None else " or more"
        between = f"between {minimum}{upper}" if maximum is not None else f"{minimum}{upper}"
        raise ValueError(f"{label} must be {between}, not {value}")
    return value


def parse_id(text, *, label="id"):
    """A database id (1 .. LARGEST_ID)."""
    return whole_number(text, minimum=1, maximum=LARGEST_ID, label=label)


def parse_year(text, *, label="year", minimum=FIRST_REPORT_YEAR, maximum=LAST_PLAUSIBLE_YEAR):
    """A report year (FIRST_REPORT_YEAR .. LAST_PLAUSIBLE_YEAR unless told otherwise)."""
    return whole_number(text, minimum=minimum, maximum=maximum, label=label)


def parse_limit(text, *, default, maximum, minimum=1, label="limit"):
    """A count asked for in text (a page size, a row limit): `default` when blank."""
    if text is None or str(text).strip() == "":
        return default
    return whole_number(text, minimum=minimum, maximum=maximum, label=label)
