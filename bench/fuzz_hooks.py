"""Schemathesis hooks of bench/fuzz_api.py (loaded through SCHEMATHESIS_HOOKS): a valid case
names records the server holds where the schema says a parameter refers to one (x-refers-to:
a country, a user, a report year on record); FUZZ_ON_RECORD (JSON) gives them. The test twin,
tests/tipwatch/api/test_schema_fuzz.py, does the same with its fixtures' records."""

import json
import os

import schemathesis

ON_RECORD = json.loads(os.environ.get("FUZZ_ON_RECORD", "{}"))


@schemathesis.hook("map_case")
def name_records_on_file(context, case):
    if case.meta is not None and case.meta.generation.mode.is_negative:
        return case
    for parameter in context.operation.query:
        refers_to = parameter.definition.get("x-refers-to")
        if refers_to in ON_RECORD and (case.query or {}).get(parameter.name) not in (None, ""):
            case.query[parameter.name] = ON_RECORD[refers_to]
    return case
