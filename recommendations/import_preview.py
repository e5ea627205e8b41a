"""The preview of a chapter import: what it would write, said per chapter, written nowhere. Pure.

recommendations.chapter_planning makes the preview of each chapter here, in plain JSON-able data,
against the same year on record:

- the tier rating: tier kept or changed (from what, to what), the summary new, unchanged or
  reworded, and where the rating on record came from (the bundled data and its source, an
  earlier import, an admin's edit);
- each recommendation: new (not on record), unchanged, reworded (with its words on record), and
  those on record no longer in the report (deleted, or kept for their history);
- overwrites: every value on record the import would change, listed first; applying needs them
  confirmed.

Apart from that, the tier's move from the previous year on record, and each recommendation
against the previous report year's, by the matching that finds what each is carried over from
(recommendations/recurrence.py): repeated (same words), repeated reworded, first asked, and that
year's not repeated. The command's --dry-run prints preview_text(); the web import stores the
data and renders it.
"""

import os
from dataclasses import replace

from countries.tiers import Tier, movement_between
from recommendations.models import Pillar
from recommendations.pillars import classify_pillar
from recommendations.recurrence import (
    CARRIED_OVER_THRESHOLD,
    best_pairs,
    comparable,
    comparable_similarity,
)

NEW, UNCHANGED, REWORDED, NO_LONGER = "new", "unchanged", "reworded", "no longer in the report"
MARKS = {NEW: "+", UNCHANGED: "=", REWORDED: "~"}
REPEATED, REPEATED_REWORDED, FIRST_ASKED = "repeated", "repeated reworded", "first asked"


def short(problem):
    """A problem as the preview says it: FILE:LINE: message, FILE without its folder (the same
    for a file given to the command and one uploaded, whose folder is no one's business)."""
    return str(replace(problem, file=os.path.basename(str(problem.file))))


def chapter_preview(chapter, rows, on_record):
    """The preview of one chapter (reading.report.Chapter, with the tier to write); rows: its
    chapter_planning.ChapterRows; on_record: chapter_planning.OnRecord."""
    ratings = on_record.ratings.get(chapter.country.pk, {})
    rating, overwrites = _rating_preview(chapter, ratings.get(chapter.year))
    items, no_longer = [], []
    for position, (text, stored) in enumerate(rows.in_report, start=1):
        items.append(_item(chapter, position, text, stored, overwrites))
    for stored, fate in rows.no_longer:
        no_longer.append(
            {
                "position": stored.position,
                "text": stored.text,
                "origin": stored.origin,
                "fate": fate,
            }
        )
        overwrites.append(
            f"{chapter.name}: recommendation #{stored.position} no longer in the report, "
            f"{fate} (on record from {stored.origin}): {stored.text}"
        )
    counts = {NEW: 0, UNCHANGED: 0, REWORDED: 0}
    for item in items:
        counts[item["state"]] += 1
    before = [year for year in ratings if year < chapter.year]
    tier_year = max(before, default=None)
    tier_before = ratings[tier_year].tier if tier_year else None
    earlier_year, earlier = on_record.earlier.get((chapter.country.pk, chapter.year), (None, []))
    dropped = _against_earlier(items, rows.in_report, earlier)
    return {
        "label": chapter.source,
        "country": chapter.country.name,
        "iso3": chapter.country.iso3,
        "slug": chapter.country.slug,
        "year": chapter.year,
        "tier": Tier(chapter.tier).label,
        "rating": rating,
        "previous_tier_year": tier_year,
        "previous_tier": Tier(tier_before).label if tier_before else None,
        "movement": movement_between(tier_before, chapter.tier).label,
        "has_section": chapter.recommendations is not None,
        "on_record": {what: n for (_, what), n in sorted(rows.counts.items())},
        "counts": {**counts, "no_longer": len(no_longer)},
        "recommendations": items,
        "no_longer": no_longer,
        "overwrites": overwrites,
        "earlier": {
            "year": earlier_year,
            "counts": {
                "repeated": sum(item["earlier"] == REPEATED for item in items),
                "repeated_reworded": sum(item["earlier"] == REPEATED_REWORDED for item in items),
                "first_asked": sum(item["earlier"] == FIRST_ASKED for item in items),
                "not_repeated": len(dropped),
            },
            "not_repeated": dropped,
        },
    }


def _rating_preview(chapter, stored):
    """The rating's preview and the overwrites it makes (a value on record changed)."""
    tier = Tier(chapter.tier).label
    if stored is None:
        return {"state": NEW, "tier": "new", "summary": NEW, "from": None, "origin": None}, []
    overwrites, changes = [], []
    was = Tier(stored.tier).label
    if stored.tier != chapter.tier:
        changes.append({"field": "tier", "from": was, "to": tier})
        overwrites.append(f"{chapter.name}: tier {was} -> {tier} (on record from {stored.origin})")
    if not stored.summary:
        summary = NEW if chapter.summary else UNCHANGED
    elif _same(stored.summary) == _same(chapter.summary):
        summary = UNCHANGED
    else:
        summary = REWORDED
        changes.append({"field": "summary", "from": stored.summary, "to": chapter.summary})
        was_words, now_words = _difference(stored.summary, chapter.summary)
        overwrites.append(
            f"{chapter.name}: summary reworded (on record from {stored.origin}): "
            f"{was_words} -> {now_words}"
        )
    if stored.source != chapter.source or stored.basis:
        changes.append({"field": "source", "from": stored.source, "to": chapter.source})
    state = UNCHANGED if not changes and summary == UNCHANGED else "changed"
    return {
        "state": state,
        "tier": "kept" if stored.tier == chapter.tier else "changed",
        "summary": summary,
        "from": was,
        "origin": stored.origin,
        "changes": changes,
    }, overwrites


def _item(chapter, position, text, stored, overwrites):
    if stored is None:
        state = NEW
    elif _same(stored.text) == _same(text):
        state = UNCHANGED
    else:
        state = REWORDED
        overwrites.append(
            f"{chapter.name}: recommendation #{stored.position} reworded (on record from "
            f"{stored.origin}): {stored.text} -> {text}"
        )
    pillar = stored.pillar if stored is not None else classify_pillar(text)
    return {
        "position": position,
        "text": text,
        "pillar": Pillar(pillar).label,
        "state": state,
        "was": stored.text if state == REWORDED else None,
        "was_position": stored.position if stored is not None else None,
        "origin": stored.origin if stored is not None else None,
        "earlier": FIRST_ASKED,
        "repeats": None,
    }


def _against_earlier(items, in_report, previous):
    """Mark each item against the previous report year's recommendations (as carried_over_from
    them); return that year's not repeated."""
    by_id = {rec.pk: rec for rec in previous}
    targets, taken = {}, set()
    for index, (_, rec) in enumerate(in_report):
        if rec is not None and rec.carried_over_confirmed:
            targets[index] = by_id.get(rec.carried_over_from_id)
            taken.add(rec.carried_over_from_id)
    pairs = best_pairs(
        [(i, comparable(text)) for i, (text, _) in enumerate(in_report) if i not in targets],
        [(rec.pk, comparable(rec.text)) for rec in previous if rec.pk not in taken],
        comparable_similarity,
        CARRIED_OVER_THRESHOLD,
    )
    targets.update({index: by_id[old] for index, old, _ in pairs})
    for index, item in enumerate(items):
        target = targets.get(index)
        if target is not None:
            same = _same(target.text) == _same(item["text"])
            item["earlier"] = REPEATED if same else REPEATED_REWORDED
            item["repeats"] = target.position
    carried = {target.pk for target in targets.values() if target}
    return [
        {"position": rec.position, "text": rec.text} for rec in previous if rec.pk not in carried
    ]


def _same(text):
    return " ".join(text.split())


def _difference(old, new, context=4, length=200):
    """The words where old and new differ, with a few around them: (old part, new part)."""
    old_words, new_words = old.split(), new.split()
    start = 0
    while start < min(len(old_words), len(new_words)) and old_words[start] == new_words[start]:
        start += 1
    end = 0
    while (
        end < min(len(old_words), len(new_words)) - start
        and old_words[-1 - end] == new_words[-1 - end]
    ):
        end += 1
    first = max(0, start - context)

    def part(words):
        last = len(words) - max(0, end - context)
        text = " ".join(words[first:last])
        text = text if len(text) <= length else text[: length - 1].rstrip() + "…"
        return ("…" if first else "") + text + ("…" if last < len(words) else "")

    return part(old_words), part(new_words)


def apply_summary(data):
    """One line: what applying the preview writes."""
    chapters = data["chapters"]
    counts = {NEW: 0, UNCHANGED: 0, REWORDED: 0, "no_longer": 0}
    for chapter in chapters:
        for what in counts:
            counts[what] += chapter["counts"][what]
    ratings = {
        state: sum(chapter["rating"]["state"] == state for chapter in chapters)
        for state in (NEW, "changed", UNCHANGED)
    }
    tiers_changed = sum(chapter["rating"]["tier"] == "changed" for chapter in chapters)
    overwrites = len(data.get("overwrites", []))
    return (
        f"{len(chapters)} chapter(s): tier ratings {ratings[NEW]} new, {ratings['changed']} "
        f"updated ({tiers_changed} with another tier), {ratings[UNCHANGED]} unchanged; "
        f"recommendations {counts[NEW]} new, "
        f"{counts[REWORDED]} reworded, {counts[UNCHANGED]} unchanged, {counts['no_longer']} "
        f"no longer in the report; {overwrites} value(s) on record overwritten."
    )


def preview_text(data):
    """The preview as text lines (import_report --dry-run): problems to settle and overwrites
    first, then each chapter, then the warnings."""
    lines = [f"Preview of {len(data['chapters'])} chapter(s); nothing was written."]
    questions = data.get("questions", [])
    if questions:
        lines += ["", f"To settle before applying ({len(questions)}):"]
        lines += [f"  problem: {question['message']}" for question in questions]
    lines += [f"  decided: {decision}" for decision in data.get("decisions", [])]
    if data.get("overwrites"):
        lines += ["", f"Values on record this import would change ({len(data['overwrites'])}):"]
        lines += [f"  ! {overwrite}" for overwrite in data["overwrites"]]
    for chapter in data["chapters"]:
        lines += _chapter_text(chapter)
    if data["warnings"]:
        lines += [""] + [f"warning: {warning}" for warning in data["warnings"]]
    lines += ["", f"Applying writes: {apply_summary(data)}"]
    return "\n".join(lines)


def _chapter_text(chapter):
    if chapter["previous_tier"]:
        before = f"{chapter['previous_tier']} in {chapter['previous_tier_year']}"
        move = f"{chapter['movement']} from {before}"
    else:
        move = "first rating on record"
    rating = chapter["rating"]
    if rating["state"] == NEW:
        on_record = f"no {chapter['year']} rating on record: new"
    else:
        tier = "tier kept" if rating["tier"] == "kept" else f"tier changed from {rating['from']}"
        on_record = f"on record from {rating['origin']}: {tier}, summary {rating['summary']}"
    lines = [
        "",
        f"{chapter['country']} {chapter['year']}: {chapter['tier']} ({chapter['label']})",
        f"  {chapter['year']} rating {on_record}",
        f"  against the year before: {move}",
    ]
    if not chapter["has_section"]:
        lines.append("  no recommendations section: the recommendations on record stay")
    counts = chapter["counts"]
    lines.append(
        f"  recommendations against {chapter['year']} on record: {counts[NEW]} new, "
        f"{counts[UNCHANGED]} unchanged, {counts[REWORDED]} reworded, {counts['no_longer']} "
        "no longer in the report"
    )
    earlier = chapter["earlier"]
    against = earlier["year"]
    if against:
        e = earlier["counts"]
        lines.append(
            f"  recommendations against {against}: {e['repeated']} repeated, "
            f"{e['repeated_reworded']} repeated reworded, {e['first_asked']} first asked, "
            f"{e['not_repeated']} not repeated"
        )
    for item in chapter["recommendations"]:
        repeats = f" (repeats {against} #{item['repeats']})" if item["repeats"] else ""
        lines.append(
            f"  {MARKS[item['state']]} {item['position']}. [{item['pillar']}] "
            f"{item['text']}{repeats}"
        )
        if item["was"]:
            lines.append(f"      was #{item['was_position']}: {item['was']}")
    lines += [
        f"  - #{item['position']} {item['fate']}: {item['text']}" for item in chapter["no_longer"]
    ]
    lines += [
        f"  ({against} #{item['position']} not repeated: {item['text']})"
        for item in earlier["not_repeated"]
    ]
    return lines
