"""Schemathesis hooks of bench/fuzz_api.py (loaded through SCHEMATHESIS_HOOKS) and of its
test twin, tests/tipwatch/api/test_schema_fuzz.py: a valid (positive) case is made valid in
what a schema cannot say. Where the schema marks a parameter as naming a record (x-refers-to:
a country, a user, a report year on record, a cursor), it names one the server holds (given
in FUZZ_ON_RECORD, JSON, or by the test); the ends of a date range (x-not-before) are in
order. Invalid (negative) cases are left as generated."""

import json
import os

import schemathesis

REFERS_TO = "x-refers-to"  # as in tipwatch.api.schema
NOT_BEFORE = "x-not-before"


def make_valid(context, case, on_record):
    if case.meta is not None and case.meta.generation.mode.is_negative:
        return case
    query = case.query or {}
    for parameter in context.operation.query:
        start = parameter.definition.get(NOT_BEFORE)
        if start and query.get(parameter.name) and query.get(start):
            low, high = sorted([query[start], query[parameter.name]])  # ISO dates
            query[start], query[parameter.name] = low, high
        refers_to = parameter.definition.get(REFERS_TO)
        if refers_to in on_record and query.get(parameter.name) not in (None, ""):
            query[parameter.name] = on_record[refers_to]
    return case


if "FUZZ_ON_RECORD" in os.environ:  # loaded by schemathesis run (bench/fuzz_api.py)
    ON_RECORD = json.loads(os.environ["FUZZ_ON_RECORD"])

    @schemathesis.hook("map_case")
    def make_valid_cases_valid(context, case):
        return make_valid(context, case, ON_RECORD)
