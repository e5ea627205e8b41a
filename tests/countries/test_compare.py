from types import SimpleNamespace

from countries.compare import classify_recommendations, marked_diff


def test_marked_diff_marks_removed_and_added_words():
    before, after = marked_diff("made modest efforts", "made significant efforts")
    assert before == "made <del>modest</del> efforts"
    assert after == "made <ins>significant</ins> efforts"


def test_marked_diff_escapes_before_marking():
    before, after = marked_diff("<b>x</b> same", "<script>y</script> same")
    assert "<b>" not in before and "&lt;b&gt;x&lt;/b&gt;" in before
    assert after.startswith("<ins>&lt;script&gt;")


def rec(pk, carried_over_from_id=None):
    return SimpleNamespace(pk=pk, carried_over_from_id=carried_over_from_id)


def test_classify_repeated_dropped_and_new():
    earlier = [rec(1), rec(2)]
    later = [rec(3, carried_over_from_id=1), rec(4), rec(5, carried_over_from_id=99)]
    rows, new = classify_recommendations(earlier, later)
    assert [(r.pk, by.pk if by else None) for r, by in rows] == [(1, 3), (2, None)]
    assert [r.pk for r in new] == [4, 5]  # 5 repeats an older year, not the earlier one
