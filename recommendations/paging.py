"""Pages of a long list without counting it: 500,000 status changes need no COUNT(*)."""

from dataclasses import dataclass

# Pages beyond this are not read: an OFFSET past 100,000 rows of the joined history takes
# seconds (and a huge one would overflow). Filters or the CSV export reach the older rows.
LAST_PAGE_ASKED = 2_000


@dataclass
class PageWithoutCount:
    number: int
    object_list: list
    has_next: bool
    past_limit: bool = False

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def previous_page_number(self):
        return self.number - 1

    def __iter__(self):
        return iter(self.object_list)


def page_number(value):
    """A page number from the query string: 1 unless it is a whole number of at least 1."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    if len(text) > len(str(LAST_PAGE_ASKED)):
        return LAST_PAGE_ASKED + 1  # past the end, without converting a huge number
    return max(int(text), 1)


def page_without_count(rows, value, per_page):
    """The requested page of rows, reading one row more than a page to know if another follows."""
    number = page_number(value)
    if number > LAST_PAGE_ASKED:
        return PageWithoutCount(number, [], False, past_limit=True)
    start = (number - 1) * per_page
    items = list(rows[start : start + per_page + 1])
    return PageWithoutCount(number, items[:per_page], len(items) > per_page)
