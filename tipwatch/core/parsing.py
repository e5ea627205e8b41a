"""Whole numbers from text (ids, years, limits): the one place that turns user text into ints.

Only ASCII digits count. `str.isdigit()` is true for "²" or "٣", and `int()` fails on the
first and quietly reads the second: here both are refused like any other non-number, with a
`ValueError` whose message says what was expected (safe to show to the user).

    parse_id(request.GET.get("id"))           # 1 .. LARGEST_ID
    parse_year(cell, label="report year")     # FIRST_REPORT_YEAR .. LAST_PLAUSIBLE_YEAR
    parse_limit(text, default=50, maximum=500)

Also here, for the same reason (one reading of each kind of input for forms, pages and the
API): timestamps (`parse_timestamp`), links (`check_link`), sort keys (`check_sort`) and
yes/no flags (`parse_flag`).
"""

import datetime
from urllib.parse import urlsplit

from django import forms
from django.core import paginator
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.dateparse import parse_datetime
from django_filters.fields import BaseCSVField

from tipwatch.core.limits import MAX_URL_LENGTH

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


def parse_timestamp(text, *, label="timestamp"):
    """An ISO 8601 instant ("2026-01-31T12:00:00Z", an offset, or UTC when none) as an aware
    datetime in UTC; ValueError for anything else, non-ASCII digits and instants that fall
    outside the years 1-9999 once in UTC (9999-12-31T23:59:59-23:59) included."""
    cleaned = "" if text is None else str(text).strip()
    shown = cleaned if len(cleaned) <= 40 else cleaned[:40] + "…"
    wanted = f"{label} must be an ISO 8601 time such as 2026-01-31T12:00:00Z, not {shown!r}"
    if not cleaned or len(cleaned) > 40 or not cleaned.isascii():
        raise ValueError(wanted)
    try:
        value = parse_datetime(cleaned)
    except ValueError:
        value = None
    if value is None:
        raise ValueError(wanted)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError:
        raise ValueError(f"{label} {shown!r} is out of range (years 1 to 9999 in UTC)") from None


FLAG_VALUES = {"true": True, "1": True, "false": False, "0": False}


def parse_flag(text, *, label="flag"):
    """A yes/no parameter: "true" or "false" (any case), "1" or "0"; ValueError for any other
    text ("null", "yes", "on"), which must not quietly mean "no filter"."""
    cleaned = "" if text is None else str(text).strip()
    try:
        return FLAG_VALUES[cleaned.lower()]
    except KeyError:
        shown = cleaned if len(cleaned) <= 40 else cleaned[:40] + "…"
        raise ValueError(f"{label} must be true or false, not {shown!r}") from None


def check_link(text, *, label="The evidence link", max_length=None):
    """`text` if it is an http:// or https:// link to a host (what URLValidator accepts),
    else ValueError saying why. The one check of links, for the form, the service and the API:
    "https:javascript:alert(1)" and "http:\\\\evil.example" have a scheme but no host."""
    if len(text) > (max_length or MAX_URL_LENGTH):
        raise ValueError(f"{label} may have at most {max_length or MAX_URL_LENGTH} characters.")
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or "\\" in text:
        raise ValueError(f"{label} must start with http:// or https://.")
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise ValueError(f"{label} must be a whole web address (http://host/...).") from None
    return text


def validate_link(value):
    """check_link as a form or serializer validator (ValidationError)."""
    if value:
        try:
            check_link(value)
        except ValueError as error:
            raise invalid(error, code="invalid_link") from None


def check_sort(keys, *, label="sort"):
    """The column names of a sort given as "a,-b": ValueError for an empty one ("year,")."""
    if any(not (key or "").strip() for key in keys):
        raise ValueError(
            f"{label} has an empty column name (a comma too many): give names separated by "
            "commas, e.g. -year,country"
        )
    return keys


# Form fields (forms and FilterSets of pages and of the API) reading through the helpers above.


def invalid(error, code="invalid"):
    """A ValidationError saying what ValueError `error` says. The text goes in as a parameter,
    never as the message itself: it may quote what was typed ("%"), and django-filter formats
    every message with %, which a bare "%" in it would break (a server error)."""
    return ValidationError("%(reason)s", code=code, params={"reason": str(error)})


class WholeNumberField(forms.IntegerField):
    """forms.IntegerField reading ASCII digits only (int() reads "٢٠٢٥" as 2025)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return whole_number(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class TimestampField(forms.DateTimeField):
    """An ISO 8601 instant, read by parse_timestamp (in range, ASCII digits only)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_timestamp(value, label="the time")
        except ValueError as error:
            raise invalid(error) from None


class FlagField(forms.NullBooleanField):
    """A yes/no filter read by parse_flag: empty is no filter (None), anything else but the
    flag values is invalid (Django's NullBooleanField and its select read "null" or "maybe" as
    empty): the text reaches the field as it was sent."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_flag(value, label="this flag")
        except ValueError as error:
            raise invalid(error) from None

    def validate(self, value):
        pass


class ChoicesField(forms.MultipleChoiceField):
    """Several choices (theme=a&theme=b): an empty one (theme=) is no choice, as an empty
    single choice is no filter, in the pages and the API alike."""

    def to_python(self, value):
        return [choice for choice in super().to_python(value) if choice.strip()]


class SortKeysField(BaseCSVField):
    """The CSV field of a sort (django-filters' OrderingFilter): an empty key is refused."""

    def clean(self, value):
        try:
            check_sort(value or [])
        except ValueError as error:
            raise invalid(error, code="empty_sort_key") from None
        return super().clean(value)


class Paginator(paginator.Paginator):
    """Django's Paginator reading page numbers as ASCII digits only (its own int() reads
    "٢" as 2): any other page is not a number, so get_page() gives the first page."""

    def validate_number(self, number):
        if isinstance(number, str):
            try:
                number = whole_number(number, label="page")
            except ValueError:
                raise paginator.PageNotAnInteger("That page number is not an integer") from None
        return super().validate_number(number)
