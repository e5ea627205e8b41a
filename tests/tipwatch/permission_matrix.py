"""The permission matrix: every URL of the site × (anonymous, Analyst, Manager, Admin) × (GET,
POST), read by tests/tipwatch/test_permission_matrix.py (sessions) and
tests/tipwatch/api/test_api_permissions.py (tokens). See the first for what the values mean.
"""

L = "/accounts/login/"  # a redirect to log in
AL = "/admin/login/"  # a redirect to the admin's log in
TRENDS = "/trends/"  # managers' home (the trends pages)
JOB = "/imports/jobs/{job}/"  # back to the import job's page
NOR = "/countries/norway/"  # back to the country page
ROLES = ["anonymous", "Analyst", "Manager", "Admin"]

# {rec} is a recommendation with one status change {change}; {tier} a tier rating; {token} an
# API token of another user; {unsub} the digest unsubscribe token of another user.
# fmt: off
MATRIX = [
    # path                                                  method  anonym. Analyst Manager Admin
    ("/",                                                     "GET",  L,      200,    200,    200),
    ("/",                                                     "POST", L,      405,    405,    405),
    ("/start/",                                               "GET",  L,      "/",    TRENDS, "/"),
    ("/countries/",                                           "GET",  L,      200,    200,    200),
    ("/countries/",                                           "POST", L,      405,    405,    405),
    ("/countries/norway/",                                    "GET",  L,      200,    200,    200),
    ("/countries/norway/",                                    "POST", L,      405,    405,    405),
    ("/countries/norway/changes/2023/",                       "GET",  L,      200,    200,    200),
    ("/countries/norway/years/2023/",                         "GET",  L,      200,    200,    200),
    ("/countries/norway/years/2023/?fragment=1",              "GET",  L,      200,    200,    200),
    ("/countries/norway/years/2023/",                         "POST", L,      405,    405,    405),
    ("/countries/norway/years/20x3/",                         "GET",  L,      400,    400,    400),
    ("/countries/norway/brief/",                              "GET",  L,      200,    200,    200),
    ("/countries/norway/brief/?year=2022&format=pdf",         "GET",  L,      200,    200,    200),
    ("/countries/norway/brief/?paper=a3",                     "GET",  L,      400,    400,    400),
    ("/countries/norway/brief/",                              "POST", L,      405,    405,    405),
    ("/countries/norway/waivers/2023/",                       "GET",  L,      403,    403,    405),
    ("/countries/norway/waivers/2023/",                       "POST", L,      403,    403,    400),
    ("/trends/",                                              "GET",  L,      200,    200,    200),
    ("/trends/",                                              "POST", L,      405,    405,    405),
    ("/analysis/",                                            "GET",  L,      200,    200,    200),
    ("/analysis/",                                            "POST", L,      405,    405,    405),
    ("/analysis/?year=abc",                                   "GET",  L,      400,    400,    400),
    ("/analysis/repeated/",                                   "GET",  L,      200,    200,    200),
    ("/analysis/repeated/",                                   "POST", L,      405,    405,    405),
    ("/analysis/themes/prosecution/",                         "GET",  L,      200,    200,    200),
    ("/analysis/themes/prosecution/",                         "POST", L,      405,    405,    405),
    ("/analysis/themes/norway/",                              "GET",  L,      404,    404,    404),
    ("/analysis/countries/norway/",                           "GET",  L,      200,    200,    200),
    ("/analysis/countries/norway/",                           "POST", L,      405,    405,    405),
    ("/analysis/upgrades/",                                   "GET",  L,      200,    200,    200),
    ("/analysis/upgrades/",                                   "POST", L,      405,    405,    405),
    ("/changes/",                                             "GET",  L,      200,    200,    200),
    ("/changes/",                                             "POST", L,      405,    405,    405),
    ("/countries/no-such-country/",                           "GET",  L,      404,    404,    404),
    ("/recommendations/",                                     "GET",  L,      200,    200,    200),
    ("/recommendations/",                                     "POST", L,      405,    405,    405),
    ("/recommendations/{rec}/",                               "GET",  L,      200,    200,    200),
    ("/recommendations/{rec}/",                               "POST", L,      405,    405,    405),
    ("/recommendations/{rec}/status/",                        "GET",  L,      403,    403,    405),
    ("/recommendations/{rec}/status/",                        "POST", L,      403,    403,    400),
    ("/recommendations/{rec}/carried-over/",                  "GET",  L,      403,    403,    405),
    ("/recommendations/{rec}/carried-over/",                  "POST", L,      403,    403,    400),
    ("/recommendations/{rec}/pillar/",                        "GET",  L,      403,    403,    405),
    ("/recommendations/{rec}/pillar/",                        "POST", L,      403,    403,    400),
    ("/recommendations/{rec}/themes/",                        "GET",  L,      403,    403,    405),
    ("/recommendations/{rec}/themes/",                        "POST", L,      403,    403,    400),
    ("/recommendations/dropped/",                             "GET",  L,      403,    403,    200),
    ("/recommendations/dropped/",                             "POST", L,      403,    403,    405),
    ("/recommendations/bulk-status/?id={rec}",                "GET",  L,      403,    403,    200),
    ("/recommendations/bulk-status/",                         "POST", L,      403,    403,    400),
    ("/imports/",                                             "GET",  L,      403,    403,    200),
    ("/imports/",                                             "POST", L,      403,    403,    405),
    ("/imports/upload/",                                      "GET",  L,      403,    403,    405),
    ("/imports/upload/",                                      "POST", L,      403,    403,    400),
    ("/imports/jobs/{job}/",                                  "GET",  L,      403,    403,    200),
    ("/imports/jobs/{job}/",                                  "POST", L,      403,    403,    405),
    ("/imports/jobs/{job}/apply/",                            "GET",  L,      403,    403,    405),
    ("/imports/jobs/{job}/apply/",                            "POST", L,      403,    403,    JOB),
    ("/imports/jobs/{job}/discard/",                          "GET",  L,      403,    403,    405),
    ("/imports/jobs/{job}/discard/",                          "POST", L,      403,    403,    JOB),
    ("/recommendations/due/",                                 "GET",  L,      403,    403,    200),
    ("/recommendations/due/",                                 "POST", L,      403,    403,    405),
    ("/countries/norway/follow/",                             "GET",  L,      405,    405,    405),
    ("/countries/norway/follow/",                             "POST", L,      NOR,    NOR,    NOR),
    ("/countries/norway/unfollow/",                           "GET",  L,      405,    405,    405),
    ("/countries/norway/unfollow/",                           "POST", L,      NOR,    NOR,    NOR),
    ("/accounts/",                                            "GET",  L,      200,    200,    200),
    ("/accounts/",                                            "POST", L,      405,    405,    405),
    ("/accounts/tokens/",                                     "GET",  L,      405,    405,    405),
    ("/accounts/tokens/",                                     "POST", L,      400,    400,    400),
    ("/accounts/tokens/{token}/revoke/",                      "GET",  L,      405,    405,    405),
    ("/accounts/tokens/{token}/revoke/",                      "POST", L,      404,    404,    404),
    ("/accounts/digest/",                                     "GET",  L,      405,    405,    405),
    ("/accounts/digest/",                                     "POST", L,      400,    400,    400),
    ("/accounts/unsubscribe/{unsub}/",                        "GET",  200,    200,    200,    200),
    ("/accounts/unsubscribe/not-a-token/",                    "POST", 400,    400,    400,    400),
    ("/api/v1/countries/",                                    "GET",  401,    200,    200,    200),
    ("/api/v1/countries/",                                    "POST", 401,    403,    403,    403),
    ("/api/v1/countries/nor/",                                "GET",  401,    200,    200,    200),
    ("/api/v1/countries/nor/",                                "POST", 401,    403,    403,    403),
    ("/api/v1/tiers/",                                        "GET",  401,    200,    200,    200),
    ("/api/v1/tiers/",                                        "POST", 401,    403,    403,    403),
    ("/api/v1/tiers/{tier}/",                                 "GET",  401,    200,    200,    200),
    ("/api/v1/recommendations/",                              "GET",  401,    200,    200,    200),
    ("/api/v1/recommendations/",                              "POST", 401,    403,    403,    403),
    ("/api/v1/recommendations/{rec}/",                        "GET",  401,    200,    200,    200),
    ("/api/v1/recommendations/{rec}/",                        "POST", 401,    403,    403,    403),
    ("/api/v1/recommendations/{rec}/statuses/",               "GET",  401,    403,    403,    405),
    ("/api/v1/recommendations/{rec}/statuses/",               "POST", 401,    403,    403,    400),
    ("/api/v1/changes/",                                      "GET",  401,    200,    200,    200),
    ("/api/v1/changes/",                                      "POST", 401,    403,    403,    403),
    ("/api/v1/schema/",                                       "GET",  401,    200,    200,    200),
    ("/api/v1/docs/",                                         "GET",  L,      200,    200,    200),
    ("/accounts/login/",                                      "GET",  200,    200,    200,    200),
    ("/accounts/login/",                                      "POST", 200,    200,    200,    200),
    ("/accounts/logout/",                                     "GET",  L,      405,    405,    405),
    ("/accounts/logout/",                                     "POST", L,      L,      L,      L),
    ("/accounts/password_change/",                            "GET",  L,      200,    200,    200),
    ("/accounts/password_change/",                            "POST", L,      200,    200,    200),
    ("/accounts/password_change/done/",                       "GET",  L,      200,    200,    200),
    ("/admin/",                                               "GET",  AL,     AL,     AL,     200),
    ("/admin/recommendations/recommendation/{rec}/change/",   "GET",  L,      AL,     AL,     200),
    ("/admin/recommendations/statuschange/",                  "GET",  L,      AL,     AL,     200),
    ("/admin/recommendations/statuschange/add/",              "GET",  L,      AL,     AL,     200),
    ("/admin/recommendations/statuschange/{change}/change/",  "GET",  L,      AL,     AL,     200),
    ("/admin/recommendations/statuschange/{change}/change/",  "POST", L,      AL,     AL,     403),
    ("/admin/recommendations/statuschange/{change}/delete/",  "GET",  L,      AL,     AL,     403),
    ("/admin/recommendations/statuschange/{change}/delete/",  "POST", L,      AL,     AL,     403),
    ("/admin/tipwatch/importrun/",                            "GET",  L,      AL,     AL,     200),
    ("/healthz",                                              "GET",  200,    200,    200,    200),
    ("/healthz",                                              "POST", 405,    405,    405,    405),
    ("/no-such-page/",                                        "GET",  404,    404,    404,    404),
]
# fmt: on


def outcome(response):
    if response.status_code == 302:
        return response["Location"]
    return response.status_code


def matches(actual, expected):
    if isinstance(expected, int):
        return actual == expected
    return isinstance(actual, str) and (actual == expected or actual.startswith(expected + "?"))
