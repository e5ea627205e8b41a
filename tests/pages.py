"""Read what a page shows, from its HTML parsed by BeautifulSoup: the tables under their
headings, the filter form's errors, a chart's figure. Tests assert on these rather than on the
template's context.

`parse` gives an Element, a small view of a BeautifulSoup tag (tag, attrs, children, text(),
iter(), find(), find_all()); new tests may use BeautifulSoup directly (`element.soup`).
"""

import json

from bs4 import BeautifulSoup, Tag
from bs4.element import PreformattedString

HEADINGS = {"h1", "h2", "h3", "h4"}


class Element:
    """A BeautifulSoup tag: its name, attributes (a class list as one string) and children
    (elements and text; comments and the doctype left out)."""

    def __init__(self, soup):
        self.soup = soup

    @property
    def tag(self):
        return "document" if isinstance(self.soup, BeautifulSoup) else self.soup.name

    @property
    def attrs(self):
        return {
            name: " ".join(value) if isinstance(value, list) else value
            for name, value in self.soup.attrs.items()
        }

    @property
    def children(self):
        return [
            Element(child) if isinstance(child, Tag) else str(child)
            for child in self.soup.children
            if isinstance(child, Tag) or not isinstance(child, PreformattedString)
        ]

    def text(self):
        """The text a reader sees, white space collapsed."""
        return " ".join(self.soup.get_text().split())

    def iter(self):
        """This element and every element inside it, in document order."""
        yield self
        for descendant in self.soup.descendants:
            if isinstance(descendant, Tag):
                yield Element(descendant)

    def find_all(self, tag, class_=None):
        """This element (when it matches) and the elements inside it of that tag and class."""
        itself = [self] if self._matches(tag, class_) else []
        return itself + [Element(found) for found in self.soup.find_all(tag, class_=class_)]

    def find(self, tag, class_=None):
        found = self.find_all(tag, class_)
        return found[0] if found else None

    def _matches(self, tag, class_):
        return self.tag == tag and (class_ is None or class_ in self.attrs.get("class", "").split())


def parse(response):
    """The page as a tree of elements."""
    return Element(BeautifulSoup(response.content.decode(), "html.parser"))


def rows(table):
    """A table's rows, each the list of its cells' text (th and td), the header row first."""
    return [
        [cell.text() for cell in row.iter() if cell.tag in ("th", "td")]
        for row in table.find_all("tr")
    ]


def tables(response):
    """{heading: rows} of every table, under the text of the heading before it (the first table
    of a heading only)."""
    found, heading = {}, None
    for element in parse(response).iter():
        if element.tag in HEADINGS:
            heading = element.text()
        elif element.tag == "table" and heading not in found:
            found[heading] = rows(element)
    return found


def field_errors(response):
    """{field name: its error messages} of the form fields the page shows with an error."""
    errors = {}
    for field in parse(response).find_all("div", class_="has-error"):
        name = next(e.attrs["name"] for e in field.iter() if e.tag in ("input", "select"))
        errors[name] = [e.text() for e in field.find_all("p") if e.attrs.get("role") == "alert"]
    return errors


def result_count(response):
    """The line of a list page that counts its results ("55 ... ; showing 1–50.")."""
    return parse(response).find("p", class_="result-count").text()


def figure(response, element_id):
    """The plotly figure a chart draws, from its json_script element."""
    script = parse(response).soup.find(id=element_id)
    return json.loads(script.string)


def html(client, url):
    """The page at url as text, after checking that it answered 200."""
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()
