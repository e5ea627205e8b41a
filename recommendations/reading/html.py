"""A country page saved from the publisher's web site, as text lines. No database.

The page's chapter ("NORWAY: Tier 2", the summary, "PRIORITIZED RECOMMENDATIONS:" and its list)
sits among the site's chrome: navigation, header, footer, side bars, share buttons and lists of
related links. The chrome is dropped (by element, except an article's own header and footer, by
ARIA role, and any list whose items are all links); each remaining block (heading, paragraph,
list item, cell) becomes one line (or several, at its <br>s), list items with a "•", with a
blank line after each, and the line its element starts on in the file.

A hostile page costs time linear in its size: elements nested deeper than MAX_DEPTH are
refused while the page is parsed (HtmlTooDeep, before the tree grows), and the tree is then
walked twice with explicit stacks (never a search per element: in BeautifulSoup each `find`
or `get_text` first walks down to the element's last descendant, which on deep nesting made
one search per block cost as much as the whole page).
"""

from bs4 import BeautifulSoup, CData, NavigableString

# Publisher pages nest about 30 deep; a page far deeper is not a saved country page.
MAX_DEPTH = 256
CHROME_TAGS = {
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
}
CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu"}
LINE_BREAK = "\u2028"  # what a <br> becomes until the block's text is cut into lines
BLOCK_TAGS = {
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
}
TEXT_TYPES = (NavigableString, CData)  # what get_text reads: not comments nor doctypes


class HtmlTooDeep(Exception):
    """The page nests elements deeper than MAX_DEPTH; the message says so, for the user."""

    def __init__(self, line):
        super().__init__(
            f"the page nests its elements more than {MAX_DEPTH} deep; a country page saved "
            "from the report's web site nests far less: save the page again"
        )
        self.line = line


class _BoundedSoup(BeautifulSoup):
    """BeautifulSoup that stops at the first element opened deeper than MAX_DEPTH."""

    def pushTag(self, tag):
        if len(self.tagStack) > MAX_DEPTH:
            raise HtmlTooDeep(tag.sourceline or 1)
        super().pushTag(tag)


def html_lines(data):
    """[(text, line in the file)] of the page's content blocks, "" between blocks.

    Raises HtmlTooDeep for a page nested deeper than MAX_DEPTH."""
    soup = _BoundedSoup(data, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    lines = [(title, soup.title.sourceline or 1), ("", 1)] if title else []
    root = soup.body or soup
    holds_blocks = _content(root)
    for block in _blocks(root, holds_blocks):
        pieces = [" ".join(piece.split()) for piece in _own_text(block, holds_blocks)]
        pieces = [piece for piece in pieces if piece]
        if not pieces:
            continue
        if block.name == "li":
            pieces[0] = f"\u2022 {pieces[0]}"
        line = block.sourceline or 1
        lines += [(piece, line) for piece in pieces] + [("", line)]
    return lines


def _is_chrome(tag, in_article):
    # An article's own header holds its title.
    own = tag.name in ("header", "footer") and in_article
    return (tag.name in CHROME_TAGS and not own) or tag.get("role") in CHROME_ROLES


def _content(root):
    """{id(tag): whether it holds a block} for every tag under root that is kept: not chrome,
    not in chrome, and not in a list whose items are all links (one walk, children first)."""
    holds_blocks = {}
    facts = {}  # id(tag): (has text, has text outside links, has a list item, has one not links)
    stack = [(root, False, False)]
    while stack:
        tag, in_article, done = stack.pop()
        if not done:
            stack.append((tag, in_article, True))
            inside = in_article or tag.name in ("article", "main")
            for child in reversed(tag.contents):
                if not isinstance(child, NavigableString) and not _is_chrome(child, inside):
                    stack.append((child, inside, False))
            continue
        facts[id(tag)], blocks = _gathered(tag, facts, holds_blocks)
        _, _, any_item, bad_item = facts[id(tag)]
        if tag.name in ("ul", "ol") and any_item and not bad_item and tag is not root:
            continue  # a list of links: dropped with everything in it
        holds_blocks[id(tag)] = blocks
    return holds_blocks


def _gathered(tag, facts, holds_blocks):
    """The tag's facts from its children's (taken out of facts), and whether it holds a kept
    block."""
    text = loose = any_item = bad_item = blocks = False
    for child in tag.contents:
        if isinstance(child, NavigableString):
            if type(child) in TEXT_TYPES and child.strip():
                text = loose = True
            continue
        fact = facts.pop(id(child), None)
        if fact is None:
            continue  # chrome
        child_text, child_loose, child_any, child_bad = fact
        text |= child_text
        loose |= child_loose and child.name != "a"
        any_item |= child_any or child.name == "li"
        bad_item |= child_bad or (child.name == "li" and (not child_text or child_loose))
        if id(child) in holds_blocks:
            blocks |= holds_blocks[id(child)] or child.name in BLOCK_TAGS
    return (text, loose, any_item, bad_item), blocks


def _kept_children(tag, holds_blocks):
    return [
        child
        for child in tag.contents
        if isinstance(child, NavigableString) or id(child) in holds_blocks
    ]


def _blocks(root, holds_blocks):
    """The kept blocks under root, in the order they start in the file."""
    stack = list(reversed(_kept_children(root, holds_blocks)))
    while stack:
        tag = stack.pop()
        if isinstance(tag, NavigableString):
            continue
        if tag.name in BLOCK_TAGS:
            yield tag
        if holds_blocks[id(tag)]:
            stack.extend(reversed(_kept_children(tag, holds_blocks)))


def _own_text(block, holds_blocks):
    """The block's text cut at its <br>s, without what its own nested blocks hold (they come
    as their own), nor what sits beside them inside an element holding one."""
    if not holds_blocks[id(block)]:
        return "".join(_text(block, holds_blocks)).split(LINE_BREAK)
    pieces = []
    for child in _kept_children(block, holds_blocks):
        if isinstance(child, NavigableString):
            pieces += [str(child)] if type(child) in TEXT_TYPES else []
        elif child.name == "br":
            pieces.append(LINE_BREAK)
        elif child.name not in BLOCK_TAGS and not holds_blocks[id(child)]:
            pieces += _text(child, holds_blocks)
    return "".join(pieces).split(LINE_BREAK)


def _text(tag, holds_blocks):
    """The strings of a kept tag holding no block, <br> as LINE_BREAK, in order."""
    pieces = []
    stack = list(reversed(_kept_children(tag, holds_blocks)))
    while stack:
        node = stack.pop()
        if isinstance(node, NavigableString):
            pieces += [str(node)] if type(node) in TEXT_TYPES else []
        elif node.name == "br":
            pieces.append(LINE_BREAK)
        else:
            stack.extend(reversed(_kept_children(node, holds_blocks)))
    return pieces
