"""The schema says what the filters accept, and the filters accept what it says (the points
test_schema_fuzz.py found): empty values are no filter, flags are true or false, bounds,
lengths and shapes are in the schema, and a filter naming a record says so."""

import re
from base64 import b64encode

import pytest
from drf_spectacular.generators import SchemaGenerator

from bench import fuzz_hooks
from tests.factories import get_country, make_ratings, make_recommendation
from tipwatch.api.schema import (
    NEW_PER_REQUEST,
    NOT_BEFORE,
    NOTE_NEEDED,
    REFERS_TO,
    WEB_ADDRESS,
    WITHIN_REPORT_YEAR,
)
from tipwatch.core.parsing import LARGEST_ID

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/countries/", "/api/v1/tiers/", "/api/v1/recommendations/", "/api/v1/changes/"]


# The schema /api/v1/schema/ serves (made the same way, without a request), made once.
SCHEMA = SchemaGenerator().get_schema(public=True)


@pytest.fixture
def schema():
    return SCHEMA


def parameters(schema, path):
    return {p["name"]: p for p in schema["paths"][path]["get"].get("parameters", [])}


@pytest.fixture
def data():
    norway = get_country("NOR")
    make_ratings(norway, {2022: "2WL", 2023: "2WL"})
    make_recommendation(norway, year=2023)


def query_parameters(path):
    return [(path, name) for name, p in parameters(SCHEMA, path).items() if p["in"] == "query"]


@pytest.mark.parametrize(
    ("path", "name"), [pair for path in LISTS for pair in query_parameters(path)]
)
def test_an_empty_parameter_is_no_filter_and_the_schema_says_so(
    admin_role_client, data, schema, path, name
):
    assert parameters(schema, path)[name]["allowEmptyValue"] is True
    whole = admin_role_client.get(path)
    empty = admin_role_client.get(f"{path}?{name}=")
    assert empty.status_code == 200, empty.content
    assert empty.json()["results"] == whole.json()["results"]


@pytest.mark.parametrize("value", ["null", "yes", "maybe", "2", "truex"])
def test_a_flag_is_true_or_false_or_refused(admin_role_client, data, value):
    response = admin_role_client.get(f"/api/v1/tiers/?at_risk={value}")
    assert response.status_code == 400
    assert "at_risk" in response.json()


@pytest.mark.parametrize("value", ["true", "false", "True", "1", "0"])
def test_a_flag_reads_its_documented_spellings(admin_role_client, data, value):
    assert admin_role_client.get(f"/api/v1/tiers/?at_risk={value}").status_code == 200


@pytest.mark.parametrize(
    ("path", "name", "bounds"),
    [
        ("/api/v1/recommendations/", "recurrence_years__gte", (1, 100)),
        ("/api/v1/recommendations/", "wording_group", (1, LARGEST_ID)),
        ("/api/v1/recommendations/", "year", (2001, 2100)),
        ("/api/v1/tiers/", "year", (2001, 2100)),
        ("/api/v1/recommendations/", "page_size", (1, 200)),
        ("/api/v1/countries/", "page", (1, LARGEST_ID)),
        ("/api/v1/changes/", "page_size", (1, 200)),
    ],
)
def test_the_schema_gives_the_bounds_the_filters_check(
    admin_role_client, schema, path, name, bounds
):
    given = parameters(schema, path)[name]["schema"]
    assert (given.get("minimum"), given.get("maximum")) == bounds
    below = admin_role_client.get(f"{path}?{name}={bounds[0] - 1}")
    assert below.status_code == 400
    above = admin_role_client.get(f"{path}?{name}={bounds[1] + 1}")
    assert above.status_code == 400, above.content  # a page past the last is a 404, not this


def test_text_filters_say_they_take_no_nul(admin_role_client, schema):
    given = parameters(schema, "/api/v1/recommendations/")["q"]["schema"]
    assert given["pattern"] == "^[^\\x00]*$"
    assert admin_role_client.get("/api/v1/recommendations/?q=a%00b").status_code == 400


def test_the_idempotency_key_has_the_shape_the_server_checks(admin_role_client, schema):
    post = schema["paths"]["/api/v1/recommendations/{id}/statuses/"]["post"]
    (key,) = [p for p in post["parameters"] if p["name"] == "Idempotency-Key"]
    assert key["schema"]["pattern"] == "^[!-~]{1,255}$"
    assert re.fullmatch(key["schema"]["pattern"][1:-1], "a" * 255)
    assert not re.fullmatch(key["schema"]["pattern"][1:-1], "a b")


def test_a_cursor_is_one_the_api_gave(admin_role_client, data, schema):
    cursor = parameters(schema, "/api/v1/changes/")["cursor"]
    assert cursor[REFERS_TO] == "cursor"
    assert admin_role_client.get("/api/v1/changes/?cursor=AAAA").status_code == 400
    made = b64encode(b"o=1").decode()
    assert admin_role_client.get(f"/api/v1/changes/?cursor={made}").status_code == 200


def test_a_tier_filter_by_country_takes_three_letters(admin_role_client, data, schema):
    assert parameters(schema, "/api/v1/tiers/")["country"]["schema"]["pattern"] == "^[A-Za-z]{3}$"
    assert admin_role_client.get("/api/v1/tiers/?country=no1").status_code == 400
    assert admin_role_client.get("/api/v1/tiers/?country=NORW").status_code == 400
    unknown = admin_role_client.get("/api/v1/tiers/?country=qqq")
    assert unknown.status_code == 200
    assert unknown.json()["results"] == []


@pytest.mark.parametrize(
    ("path", "name", "refers_to", "unknown"),
    [
        ("/api/v1/recommendations/", "country", "country", "atlantis"),
        ("/api/v1/recommendations/", "year", "year on record", "2099"),
        ("/api/v1/changes/", "country", "country", "atlantis"),
        ("/api/v1/changes/", "recorded_by", "user", "nobody-here"),
    ],
)
def test_a_filter_naming_a_record_says_so_and_refuses_an_unknown_one(
    admin_role_client, data, schema, path, name, refers_to, unknown
):
    parameter = parameters(schema, path)[name]
    assert parameter[REFERS_TO] == refers_to
    assert "400 otherwise" in parameter["description"]
    assert admin_role_client.get(f"{path}?{name}={unknown}").status_code == 400


@pytest.mark.parametrize(
    ("start", "end"), [("as_of_from", "as_of_to"), ("recorded_from", "recorded_to")]
)
def test_a_range_says_its_end_is_not_before_its_start(admin_role_client, schema, start, end):
    parameter = parameters(schema, "/api/v1/changes/")[end]
    assert parameter[NOT_BEFORE] == start
    reversed_range = admin_role_client.get(f"/api/v1/changes/?{start}=2024-02-01&{end}=2024-01-01")
    assert reversed_range.status_code == 400
    assert end in reversed_range.json()


def test_the_fuzz_hooks_read_the_schemas_marks():
    assert (fuzz_hooks.REFERS_TO, fuzz_hooks.NOT_BEFORE) == (REFERS_TO, NOT_BEFORE)


def test_the_status_body_says_what_the_server_checks_against_its_state(schema, admin_role_client):
    fields = schema["components"]["schemas"]["RecordStatusRequest"]["properties"]
    assert fields["as_of"][WITHIN_REPORT_YEAR] is True and fields["as_of"]["format"] == "date"
    evidence, blank = fields["evidence_url"]["oneOf"]
    assert evidence[WEB_ADDRESS] is True and blank["maxLength"] == 0
    assert fuzz_hooks.marked(fields["evidence_url"], WEB_ADDRESS)
    link = re.compile(evidence["pattern"])
    assert link.search("https://example.org/law") and link.search("")
    assert not link.search("javascript:alert(1)") and not link.search("http:\\\\evil.example")
    note = re.compile(fields["note"]["oneOf"][0]["pattern"])
    assert note.search("Law passed.") and not note.search("Law\x00passed.")
    # and the server refuses what the schema leaves out
    rec = make_recommendation(get_country("NOR"), year=2023)
    url = f"/api/v1/recommendations/{rec.pk}/statuses/"
    body = {"status": "partial", "as_of": "2023-09-01", "expected_version": 0}
    for wrong in ({"note": "Law\x00passed."}, {"as_of": "2022-12-31"}, {"as_of": "2999-01-01"}):
        answer = admin_role_client.post(url, {**body, **wrong}, content_type="application/json")
        assert answer.status_code == 400, wrong


def test_a_format_or_body_the_api_does_not_speak_is_answered_as_documented(
    schema, admin_role_client
):
    rec = make_recommendation(get_country("NOR"), year=2023)
    listed = admin_role_client.get("/api/v1/countries/", headers={"Accept": "text/csv"})
    assert listed.status_code == 406
    assert "406" in schema["paths"]["/api/v1/countries/"]["get"]["responses"]
    statuses = "/api/v1/recommendations/{id}/statuses/"
    posted = admin_role_client.post(
        statuses.replace("{id}", str(rec.pk)), "status=partial", content_type="text/plain"
    )
    assert posted.status_code == 415
    assert "415" in schema["paths"][statuses]["post"]["responses"]


def test_the_status_write_says_a_note_is_needed_and_a_key_is_new_each_time(
    schema, admin_role_client
):
    statuses = "/api/v1/recommendations/{id}/statuses/"
    fields = schema["components"]["schemas"]["RecordStatusRequest"]["properties"]
    assert fuzz_hooks.marked(fields["note"], NOTE_NEEDED)
    (key,) = [p for p in schema["paths"][statuses]["post"]["parameters"] if p["in"] == "header"]
    assert key["name"] == "Idempotency-Key" and key[NEW_PER_REQUEST] is True
    # what the marks say: a note unless not assessed
    rec = make_recommendation(get_country("NOR"), year=2023)
    url = statuses.replace("{id}", str(rec.pk))
    body = {"status": "partial", "as_of": "2023-09-01", "expected_version": 0}
    answer = admin_role_client.post(url, body, content_type="application/json")
    assert answer.status_code == 400 and "note" in answer.json()
    body["status"] = "not_assessed"
    answer = admin_role_client.post(url, body, content_type="application/json")
    assert answer.status_code == 201
