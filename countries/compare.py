"""What changed between two report years of one country: pure functions over loaded rows."""

import difflib
import re

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

WORDS = re.compile(r"\S+|\s+")


def marked_diff(old, new):
    """Two HTML strings: `old` with removed words in <del>, `new` with added words in <ins>.

    Each word is escaped before it is wrapped, so text from imported chapters can never
    become markup.
    """
    old_words, new_words = WORDS.findall(old or ""), WORDS.findall(new or "")
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    left, right = [], []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        old_part = conditional_escape("".join(old_words[a1:a2]))
        new_part = conditional_escape("".join(new_words[b1:b2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if a2 > a1:
            left.append(format_html("<del>{}</del>", old_part))
        if b2 > b1:
            right.append(format_html("<ins>{}</ins>", new_part))
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 (all parts escaped)


def classify_recommendations(earlier, later):
    """Split two years' recommendations into repeated, dropped (from `earlier`) and new.

    A recommendation of the earlier year is repeated when one of the later year is carried over
    from it (carried_over_from); a later one is new when it repeats none of the earlier year's.
    Returns (earlier rows as (recommendation, repeated_by or None), new later recommendations).
    """
    repeated_by = {rec.carried_over_from_id: rec for rec in later if rec.carried_over_from_id}
    earlier_ids = {rec.pk for rec in earlier}
    earlier_rows = [(rec, repeated_by.get(rec.pk)) for rec in earlier]
    new = [rec for rec in later if rec.carried_over_from_id not in earlier_ids]
    return earlier_rows, new
