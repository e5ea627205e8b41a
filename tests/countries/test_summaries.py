from countries.summaries import fold


def test_short_summary_is_not_folded():
    assert fold("Norway improved. It convicted more traffickers.") == (
        "Norway improved. It convicted more traffickers.",
        "",
    )
    assert fold("") == ("", "")
    assert fold(None) == ("", "")


def test_long_summary_shows_whole_first_sentences():
    first = "Norway fully meets the minimum standards. " * 3  # 126 characters
    second = "It convicted more traffickers than the year before and opened two new shelters. "
    rest = "The government also funded NGOs. " * 5
    lead, more = fold(first + second + rest)
    assert lead == (first + second).strip()  # ends with the sentence passing 200 characters
    assert more == rest.strip()
    assert f"{lead} {more}" == (first + second + rest).strip()


def test_a_short_rest_is_shown_rather_than_folded():
    text = "A sentence of some length that goes on. " * 6 + "Short end."
    assert fold(text) == (text.strip(), "")


def test_one_long_sentence_is_not_cut():
    text = "word " * 100
    assert fold(text) == (text.strip(), "")
