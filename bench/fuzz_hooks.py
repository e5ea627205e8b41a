"""Schemathesis hooks of bench/fuzz_api.py (loaded through SCHEMATHESIS_HOOKS) and of its
test twin, tests/tipwatch/api/test_schema_fuzz.py: a valid (positive) case is made valid in
what a schema cannot say. Where the schema marks a parameter as naming a record (x-refers-to:
a country, a user, a report year on record, a cursor), it names one the server holds (given
in FUZZ_ON_RECORD, JSON, or by the test); the ends of a date range (x-not-before) are in
order; in a body, a date checked against the report year (x-from-report-year-to-today) is
yesterday's, a link checked for a real host (x-web-address) is one, and a note needed unless
the status is not_assessed (x-required-unless-not-assessed) is given; a header that must be new
for each request (x-new-per-request: the Idempotency-Key) is new. Invalid (negative) cases are
left as generated."""

import datetime
import json
import os
import uuid

import schemathesis

REFERS_TO = "x-refers-to"  # as in tipwatch.api.schema
NOT_BEFORE = "x-not-before"
WITHIN_REPORT_YEAR = "x-from-report-year-to-today"
WEB_ADDRESS = "x-web-address"
NOTE_NEEDED = "x-required-unless-not-assessed"
NEW_PER_REQUEST = "x-new-per-request"
VALID_LINK = "https://example.org/evidence"


def make_valid(context, case, on_record):
    if case.meta is not None and case.meta.generation.mode.is_negative:
        return case
    _valid_query(context.operation, case.query or {}, on_record)
    if isinstance(case.body, dict):
        _valid_body(context.operation, case.body)
    for parameter in context.operation.headers:
        if parameter.definition.get(NEW_PER_REQUEST) and (case.headers or {}).get(parameter.name):
            case.headers[parameter.name] = uuid.uuid4().hex
    return case


def _valid_query(operation, query, on_record):
    for parameter in operation.query:
        start = parameter.definition.get(NOT_BEFORE)
        if start and query.get(parameter.name) and query.get(start):
            low, high = sorted([query[start], query[parameter.name]])  # ISO dates
            query[start], query[parameter.name] = low, high
        refers_to = parameter.definition.get(REFERS_TO)
        if refers_to in on_record and query.get(parameter.name) not in (None, ""):
            query[parameter.name] = on_record[refers_to]


def _valid_body(operation, body):
    for name, field in body_fields(operation).items():
        if marked(field, WITHIN_REPORT_YEAR) and name in body:
            body[name] = yesterday().isoformat()
        if marked(field, WEB_ADDRESS) and body.get(name):
            body[name] = VALID_LINK
        note_needed = marked(field, NOTE_NEEDED) and body.get("status") != "not_assessed"
        if note_needed and not str(body.get(name) or "").strip():
            body[name] = "Seen in the ministry's report."


def marked(field, key):
    """Whether a body field's schema carries `key`, itself or in one of its choices (a field
    that may be blank is "oneOf" its own schema and an empty string)."""
    return bool(field.get(key)) or any(option.get(key) for option in field.get("oneOf", []))


def yesterday():
    """A date in the past in every time zone the server may use, so never "in the future"."""
    return datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=1)


def body_fields(operation):
    """{name: schema} of the properties of the operation's JSON body ({} without one)."""
    body = operation.definition.raw.get("requestBody", {})
    schema = body.get("content", {}).get("application/json", {}).get("schema", {})
    reference = schema.get("$ref", "")
    if reference.startswith("#/components/schemas/"):
        components = operation.schema.raw_schema.get("components", {}).get("schemas", {})
        schema = components.get(reference.rsplit("/", 1)[1], {})
    return schema.get("properties", {})


if "FUZZ_ON_RECORD" in os.environ:  # loaded by schemathesis run (bench/fuzz_api.py)
    ON_RECORD = json.loads(os.environ["FUZZ_ON_RECORD"])

    @schemathesis.hook("map_case")
    def make_valid_cases_valid(context, case):
        return make_valid(context, case, ON_RECORD)
