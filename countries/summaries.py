"""Long tier summaries folded: the first sentences shown, the rest behind a "more" (pure)."""

import re

# Sentences are shown until the lead reaches this many characters; a rest shorter than
# MIN_REST is shown too rather than folded away.
LEAD_CHARACTERS = 200
MIN_REST = 80
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def fold(text, lead_characters=LEAD_CHARACTERS, min_rest=MIN_REST):
    """(lead, rest) of a summary: whole sentences from the start until the lead holds
    `lead_characters`, and the rest ("" when the whole summary is short enough to show)."""
    text = (text or "").strip()
    if len(text) <= lead_characters + min_rest:
        return text, ""
    lead_end = 0
    for match in SENTENCE_END.finditer(text):
        lead_end = match.start()
        if lead_end >= lead_characters:
            break
    else:
        if not lead_end:  # one long sentence: nothing to fold at
            return text, ""
    rest = text[lead_end:].strip()
    if len(rest) < min_rest:
        return text, ""
    return text[:lead_end], rest
