"""A country page saved from the publisher's web site, as text lines. No database.

The page's chapter ("NORWAY: Tier 2", the summary, "PRIORITIZED RECOMMENDATIONS:" and its list)
sits among the site's chrome: navigation, header, footer, side bars, share buttons and lists of
related links. The chrome is dropped (by element, except an article's own header and footer, by
ARIA role, and any list whose items are all links); each remaining block (heading, paragraph,
list item, cell) becomes one line (or several, at its <br>s), list items with a "•", with a
blank line after each, and the line its element starts on in the file.
"""

from bs4 import BeautifulSoup, NavigableString

CHROME_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "select",
]
CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu"}
LINE_BREAK = "\u2028"  # what a <br> becomes until the block's text is cut into lines
BLOCK_TAGS = [
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "li",
    "dt",
    "dd",
    "td",
    "th",
    "blockquote",
    "pre",
    "div",
    "section",
    "article",
    "main",
    "caption",
]


def html_lines(data):
    """[(text, line in the file)] of the page's content blocks, "" between blocks."""
    soup = BeautifulSoup(data, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    _drop_chrome(soup)
    lines = [(title, soup.title.sourceline or 1), ("", 1)] if title else []
    for br in soup.find_all("br"):
        br.replace_with(LINE_BREAK)
    root = soup.body or soup
    for block in root.find_all(BLOCK_TAGS):
        pieces = [" ".join(piece.split()) for piece in _own_text(block).split(LINE_BREAK)]
        pieces = [piece for piece in pieces if piece]
        if not pieces:
            continue
        if block.name == "li":
            pieces[0] = f"\u2022 {pieces[0]}"
        line = block.sourceline or 1
        lines += [(piece, line) for piece in pieces] + [("", line)]
    return lines


def _drop_chrome(soup):
    for tag in soup.find_all(CHROME_TAGS):
        if tag.decomposed:
            continue
        if tag.name in ("header", "footer") and tag.find_parent(["article", "main"]):
            continue  # an article's own header holds its title
        tag.decompose()
    for tag in soup.find_all(attrs={"role": True}):
        if not tag.decomposed and tag.get("role") in CHROME_ROLES:
            tag.decompose()
    for listing in soup.find_all(["ul", "ol"]):
        if listing.decomposed:
            continue
        items = listing.find_all("li")
        if items and all(_only_links(item) for item in items):
            listing.decompose()


def _only_links(item):
    text = item.get_text("", strip=True)
    linked = "".join(link.get_text("", strip=True) for link in item.find_all("a"))
    return bool(text) and text == linked


def _own_text(block):
    """The block's text, without what its own nested blocks hold (they come as their own)."""
    if not block.find(BLOCK_TAGS):
        return block.get_text("")
    pieces = []
    for child in block.children:
        if isinstance(child, NavigableString):
            pieces.append(str(child))
        elif child.name not in BLOCK_TAGS and not child.find(BLOCK_TAGS):
            pieces.append(child.get_text(""))
    return "".join(pieces)
