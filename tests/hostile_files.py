"""Files built to hurt the reader (issue 24), made in code for the tests and bench/hostile_files.py:
a web page nested 20,000 deep, a 2 MB PDF whose one stream inflates to 2 GB, and a PDF of
2,000 pages of tiny text. Raw PDF bytes, so that each is made in a second or two."""

import zlib

BOMB_TEXT = b"BT /F1 12 Tf 72 720 Td (NORWAY: TIER 2) Tj ET\n"


def deep_html(depth=20_000):
    """A country page whose chapter sits inside `depth` nested <div>s."""
    chapter = (
        "<p>NORWAY: Tier 2</p><p>PRIORITIZED RECOMMENDATIONS:</p><ul><li>Train judges.</li></ul>"
    )
    return (
        "<!DOCTYPE html><html><head><title>2023 Trafficking in Persons Report: Norway</title>"
        f"</head><body>{'<div>' * depth}{chapter}{'</div>' * depth}</body></html>"
    ).encode()


def bomb_pdf(size=2 * 1024 * 1024):
    """A one-page PDF of about `size` bytes whose content stream inflates to ~1,000 times that
    (spaces after a heading), with a correct checksum: any reader must inflate it all."""
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = raw.compress(BOMB_TEXT) + raw.flush(zlib.Z_FULL_FLUSH)
    chunk = b" " * 2**20
    block = raw.compress(chunk) + raw.flush(zlib.Z_FULL_FLUSH)  # stands alone: repeatable
    count = max(1, size // len(block))
    checksum = zlib.adler32(BOMB_TEXT)
    for _ in range(count):
        checksum = zlib.adler32(chunk, checksum)
    stream = b"\x78\xda" + head + block * count + raw.flush() + checksum.to_bytes(4, "big")
    return raw_pdf([0], [stream], filter_name=b"FlateDecode")


def tiny_text_pdf(pages=2000, *, lines=40, characters=100):
    """`pages` pages sharing one content stream: `lines` lines of `characters` characters each
    in 1-point type (about a real page's 4,000 characters by default)."""
    text = (b"Tiny text " * (characters // 10 + 1))[:characters]
    rows = b"".join(b"(%s) '\n" % text for _ in range(lines))
    content = b"BT /F1 1 Tf 1.2 TL 20 780 Td\n" + rows + b"ET\n"
    return raw_pdf([0] * pages, [content])


def raw_pdf(page_contents, contents, *, filter_name=None):
    """PDF bytes: page i shows contents[page_contents[i]]; Helvetica as F1."""
    objects = [b"", b""]  # the catalog and the page tree, filled in last
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    font = len(objects)
    streams = []
    for data in contents:
        extra = b" /Filter /%s" % filter_name if filter_name else b""
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data))
        streams.append(len(objects))
    kids = []
    for index in page_contents:
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (streams[index], font)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
