"""What changed between two report years of one country's summary: a word diff, pure.

Which asks were repeated, dropped or new is recommendations.recurrence.classify_recommendations."""

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
