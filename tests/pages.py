"""Read what a page shows, from its HTML: the tables under their headings, the filter form's
errors, a chart's figure. Tests assert on these rather than on the template's context."""

import json
from html.parser import HTMLParser

HEADINGS = {"h1", "h2", "h3", "h4"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Element:
    def __init__(self, tag, attrs):
        self.tag, self.attrs, self.children = tag, dict(attrs), []

    def text(self):
        """The text a reader sees, white space collapsed."""
        parts = [child if isinstance(child, str) else child.text() for child in self.children]
        return " ".join("".join(parts).split())

    def iter(self):
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag, class_=None):
        return [
            element
            for element in self.iter()
            if element.tag == tag
            and (class_ is None or class_ in element.attrs.get("class", "").split())
        ]

    def find(self, tag, class_=None):
        found = self.find_all(tag, class_)
        return found[0] if found else None


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs)
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Element(tag, attrs))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)


def parse(response):
    """The page as a tree of elements."""
    builder = _TreeBuilder()
    builder.feed(response.content.decode())
    builder.close()
    return builder.root


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
    script = next(e for e in parse(response).iter() if e.attrs.get("id") == element_id)
    return json.loads("".join(script.children))


def html(client, url):
    """The page at url as text, after checking that it answered 200."""
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()
