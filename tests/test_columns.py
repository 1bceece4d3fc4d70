"""The shared column-width rule of the report's and the deck's tables."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefkit.render.columns import share_widths


def test_columns_that_fit_on_one_line_share_the_width_in_proportion():
    assert share_widths([100, 300], [50, 80], 800) == pytest.approx((200, 600))


def test_every_column_keeps_room_for_its_longest_word_when_text_must_wrap():
    widths = share_widths([60, 900, 1500], [60, 70, 90], 600)
    assert widths[0] == pytest.approx(60)
    assert widths[1] >= 70 and widths[2] >= 90
    assert sum(widths) == pytest.approx(600)


def test_one_very_long_token_cannot_squeeze_the_other_columns_to_nothing():
    widths = share_widths([80, 5000], [80, 5000], 400)
    assert widths[0] >= 80
    assert widths[1] <= 400 - 80 + 1e-9


@given(
    st.lists(
        st.tuples(st.floats(1, 2000), st.floats(1, 2000)).map(lambda pair: (max(pair), min(pair))),
        min_size=1,
        max_size=12,
    ),
    st.floats(50, 1000),
)
def test_widths_always_sum_to_the_available_width_and_stay_positive(columns, width):
    natural, least = zip(*columns, strict=True)
    widths = share_widths(natural, least, width)
    assert sum(widths) == pytest.approx(width)
    assert all(w > 0 for w in widths)
    for w, m in zip(widths, least, strict=True):
        assert w >= min(m, width / len(widths)) - 1e-6
