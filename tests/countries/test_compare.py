from countries.compare import marked_diff


def test_marked_diff_marks_removed_and_added_words():
    before, after = marked_diff("made modest efforts", "made significant efforts")
    assert before == "made <del>modest</del> efforts"
    assert after == "made <ins>significant</ins> efforts"


def test_marked_diff_escapes_before_marking():
    before, after = marked_diff("<b>x</b> same", "<script>y</script> same")
    assert "<b>" not in before and "&lt;b&gt;x&lt;/b&gt;" in before
    assert after.startswith("<ins>&lt;script&gt;")
