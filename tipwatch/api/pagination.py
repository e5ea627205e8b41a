"""Every API list is paginated: numbered pages, or a cursor for the feed of changes.

Page numbers, page sizes and cursors are read through tipwatch.core.parsing (ASCII digits only,
timestamps in range): a malformed one is a 400 saying what is wrong, never a server error; a
page number past the last page is a 404.
"""

from base64 import b64decode
from binascii import Error as Base64Error
from urllib.parse import parse_qs

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import Cursor, CursorPagination, PageNumberPagination

from tipwatch.api.schema import REFERS_TO
from tipwatch.core.parsing import LARGEST_ID, parse_limit, parse_timestamp, whole_number

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Page numbers beyond this are a 400 (not a number this API reads), below it past the last
# page a 404.
LARGEST_PAGE = LARGEST_ID
BAD_CURSOR = "cursor: not a cursor this API gave (use the next or previous link as it is)"


def page_size_of(pagination, request):
    """The page_size asked for (1 .. MAX_PAGE_SIZE), the default when none; 400 otherwise."""
    try:
        return parse_limit(
            request.query_params.get(pagination.page_size_query_param),
            default=pagination.page_size,
            maximum=pagination.max_page_size,
            label="page_size",
        )
    except ValueError as error:
        raise ValidationError({"page_size": [str(error)]}) from None


def bounded_parameters(parameters, pagination):
    """The schema's paging parameters with the bounds the API enforces (a page from 1 to
    LARGEST_PAGE, a page size from 1 to MAX_PAGE_SIZE, a cursor as the API gave it), so that
    clients and the fuzzing know them."""
    for parameter in parameters:
        schema = parameter.get("schema", {})
        if parameter["name"] == pagination.page_size_query_param:
            schema.update(minimum=1, maximum=pagination.max_page_size)
        elif parameter["name"] == getattr(pagination, "page_query_param", None):
            schema.update(minimum=1, maximum=LARGEST_PAGE)
        elif parameter["name"] == getattr(pagination, "cursor_query_param", None):
            schema.update(pattern="^[A-Za-z0-9+/]*={0,2}$")
            parameter[REFERS_TO] = "cursor"
            parameter["description"] = (
                "A cursor as the API gave it, in a `next` or `previous` link (400 otherwise)."
            )
    return parameters


class NumberedPages(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return page_size_of(self, request)

    def get_schema_operation_parameters(self, view):
        return bounded_parameters(super().get_schema_operation_parameters(view), self)

    def get_page_number(self, request, paginator):
        text = request.query_params.get(self.page_query_param) or "1"
        if text in self.last_page_strings:
            return paginator.num_pages
        try:
            return whole_number(text, minimum=1, maximum=LARGEST_PAGE, label="page")
        except ValueError as error:
            raise ValidationError({"page": [str(error)]}) from None


class NewestFirstCursor(CursorPagination):
    """Newest recorded first; the cursor stays valid while new changes arrive."""

    ordering = ("-recorded_at", "-id")
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return page_size_of(self, request)

    def get_schema_operation_parameters(self, view):
        return bounded_parameters(super().get_schema_operation_parameters(view), self)

    def decode_cursor(self, request):
        """The cursor's offset, direction and position (a recorded_at), each checked: a forged
        cursor ("p=%00") must not reach the database."""
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            tokens = parse_qs(
                b64decode(encoded.encode("ascii"), validate=True).decode("ascii"),
                keep_blank_values=True,
                strict_parsing=True,
            )
            offset = whole_number(tokens.get("o", ["0"])[0], maximum=self.offset_cutoff)
            reverse = {"0": False, "1": True}[tokens.get("r", ["0"])[0]]
            position = tokens.get("p", [None])[0]
            if position is not None:
                parse_timestamp(position)
        except (UnicodeError, Base64Error, ValueError, KeyError):
            raise ValidationError({"cursor": [BAD_CURSOR]}) from None
        return Cursor(offset=offset, reverse=reverse, position=position)
