"""What the generated OpenAPI schema would not say by itself, so that clients (and the
schemathesis runs: tests/tipwatch/api/test_schema_fuzz.py, bench/fuzz_api.py) know it:

- the answers every operation can give besides its own (document_errors);
- that an empty query parameter (`region=`) is the same as none, as on the site's pages
  (`allowEmptyValue`, also document_errors);
- the bounds, lengths and shapes the filters check (FilterParameters), read from the filters
  themselves, and which filters name a record (a country, a user, a report year on record):
  those say so with `x-refers-to`, and any other value is a 400;
- the body fields of a status checked against the server's state (a date within the report
  year's reach, a link to a real host, a note unless not assessed):
  `x-from-report-year-to-today`, `x-web-address`, `x-required-unless-not-assessed`; and a
  header that must be new for each request: `x-new-per-request` (the Idempotency-Key).
"""

import re

from django.core.validators import RegexValidator
from django_filters import filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension

from tipwatch.core.parsing import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR

REFERS_TO = "x-refers-to"
# The end of a range (as_of_to) names its start (as_of_from): an end before it is a 400.
NOT_BEFORE = "x-not-before"
# Text without a NUL character: Django's CharField refuses one (400).
NO_NUL = "^[^\\x00]*$"
# Body fields checked against the server's state, which no schema can say: a status date from
# 1 January of the recommendation's report year to today, and a link that names a real host
# (tipwatch.core.parsing.check_link). Anything else is a 400.
WITHIN_REPORT_YEAR = "x-from-report-year-to-today"
WEB_ADDRESS = "x-web-address"
# A status's note: required (not blank) unless the status is not_assessed.
NOTE_NEEDED = "x-required-unless-not-assessed"
# A header whose value must be new for each new request (an Idempotency-Key).
NEW_PER_REQUEST = "x-new-per-request"

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "A message list per invalid field (or `detail` for the whole request).",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
}
COMMON_ANSWERS = {
    "400": ("Invalid parameters or body: what is wrong, per field.", "FieldErrors"),
    "401": ("No credentials, or a token that is unknown or revoked.", "Error"),
    "403": ("Logged in, but without the permission this needs.", "Error"),
    "404": ("No such record, or a page past the last.", "Error"),
    "414": (
        "The request line is too long (answered by the server in front: gunicorn refuses "
        "a request line over 4,094 bytes, in plain text).",
        None,
    ),
    "406": ("The Accept header asks for something other than JSON.", "Error"),
    "429": ("Too many requests for this token: see the Retry-After header.", "Error"),
}
# And of an operation taking a body:
BODY_ANSWERS = {"415": ("The body is not JSON (its Content-Type).", "Error")}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the common error answers to every operation,
    and say that every optional query parameter may be sent empty (meaning: not given)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", DETAIL)
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            answers = COMMON_ANSWERS | (BODY_ANSWERS if "requestBody" in operation else {})
            for code, (description, component) in answers.items():
                answer = {"description": description}
                if component:
                    reference = {"$ref": f"#/components/schemas/{component}"}
                    answer["content"] = {"application/json": {"schema": reference}}
                responses.setdefault(code, answer)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
    return result


def regex_pattern(validators):
    """The pattern of the first RegexValidator (as an ECMA regex), or None."""
    for validator in validators:
        if isinstance(validator, RegexValidator) and not validator.inverse_match:
            pattern = validator.regex.pattern
            return re.sub(r"\\Z$", "$", pattern)
    return None


class FilterParameters(DjangoFilterExtension):
    """drf-spectacular's django-filter reading, plus what the filters check: min_value,
    max_value, max_length and a RegexValidator of a filter (or of the model field a choice of
    records is read by) become minimum, maximum, maxLength and pattern; other text is any
    text without a NUL character. A filter choosing a
    record (ModelChoiceFilter) or one of the choices a FilterSet reads from the database per
    request (choices=[] on the class: the report years on record) is marked `x-refers-to`; the
    end of a range its FilterSet's form checks (its `ranges`) is marked `x-not-before`."""

    priority = 1  # over drf-spectacular's own

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        extra = filter_field.extra
        constraints = {
            "minimum": extra.get("min_value"),
            "maximum": extra.get("max_value"),
            "maxLength": extra.get("max_length"),
            "pattern": regex_pattern(extra.get("validators", ())),
        }
        refers_to = None
        if isinstance(filter_field, filters.ModelChoiceFilter):
            target = extra["queryset"].model
            refers_to = str(target._meta.verbose_name)
            field = target._meta.get_field(extra.get("to_field_name") or "pk")
            constraints["maxLength"] = getattr(field, "max_length", None)
            constraints["pattern"] = regex_pattern(field.validators)
        elif isinstance(filter_field, filters.ChoiceFilter) and extra.get("choices") == []:
            refers_to = f"{field_name} on record"
            if field_name == "year":
                constraints.update(minimum=FIRST_REPORT_YEAR, maximum=LAST_PLAUSIBLE_YEAR)
        ranges = getattr(filterset_class._meta.form, "ranges", ())
        start = next((start for start, end in ranges if end == field_name), None)
        for parameter in parameters:
            if start:
                parameter[NOT_BEFORE] = start
                parameter["description"] = (
                    f"{parameter.get('description') or ''}\n\nNot before {start} (400 otherwise)."
                ).strip()
            schema = parameter["schema"]
            if schema.get("type") == "array":
                continue
            schema.update({key: value for key, value in constraints.items() if value is not None})
            if schema.get("type") == "string" and not {"pattern", "format", "enum"} & set(schema):
                schema.setdefault("pattern", NO_NUL)
            if refers_to:
                parameter[REFERS_TO] = refers_to
                parameter["description"] = (
                    f"{parameter.get('description') or ''}\n\nMust name a {refers_to} "
                    "(400 otherwise)."
                ).strip()
        return parameters
