"""Read what a page shows, from its HTML (BeautifulSoup): the tables under their headings, the
filter form's errors, a chart's figure. Tests assert on these rather than on the template's
context."""

import json

from bs4 import BeautifulSoup

HEADINGS = ["h1", "h2", "h3", "h4"]


def parse(response):
    """The page as a BeautifulSoup tree."""
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(element):
    """The text a reader sees in element, white space collapsed."""
    return " ".join(element.get_text().split())


def rows(table):
    """A table's rows, each the list of its cells' text (th and td), the header row first."""
    return [[text(cell) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")]


def tables(response):
    """{heading: rows} of every table, under the text of the heading before it (the first table
    of a heading only)."""
    found, heading = {}, None
    for element in parse(response).find_all([*HEADINGS, "table"]):
        if element.name in HEADINGS:
            heading = text(element)
        elif heading not in found:
            found[heading] = rows(element)
    return found


def field_errors(response):
    """{field name: its error messages} of the form fields the page shows with an error."""
    return {
        field.find(["input", "select"])["name"]: [
            text(alert) for alert in field.find_all("p", role="alert")
        ]
        for field in parse(response).find_all("div", class_="has-error")
    }


def result_count(response):
    """The line of a list page that counts its results ("55 ... ; showing 1–50.")."""
    return text(parse(response).find("p", class_="result-count"))


def figure(response, element_id):
    """The plotly figure a chart draws, from its json_script element."""
    return json.loads(parse(response).find(id=element_id).string)


def html(client, url):
    """The page at url as text, after checking that it answered 200."""
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()
