"""The line-item scoring rules of the datasets' README, on hand-written lines."""

from __future__ import annotations

from axocr.bench.line_scoring import line_table, score_lines

LABELLED = [
    {
        "description": "Miettage",
        "quantity": "2",
        "unit_price": "86.55",
        "amount": "173.1",
        "tax_rate": "19",
    },
    {
        "description": "Vollkasko",
        "quantity": "2",
        "unit_price": "23.1",
        "amount": "46.2",
        "tax_rate": "19",
    },
]


def test_a_line_matches_on_equal_amount_and_a_close_description() -> None:
    predicted = [
        {
            "description": "MIETTAGE",
            "quantity": "2",
            "unit_price": "86.5500",
            "amount": "173.10",
            "tax_rate": "19",
        },
        {
            "description": "Vollkasko",
            "quantity": "2",
            "unit_price": "23.10",
            "amount": "46.20",
            "tax_rate": "19",
        },
    ]
    score = score_lines(predicted, LABELLED)
    assert (score.matched, score.all_right) == (2, True)
    assert score.values["unit_price"] == [True, True]


def test_a_different_amount_or_a_far_description_is_no_match() -> None:
    predicted = [
        {"description": "Miettage", "amount": "173.11"},
        {"description": "Haftpflicht", "amount": "46.2"},
    ]
    score = score_lines(predicted, LABELLED)
    assert score.matched == 0
    assert len(score.misses) == 2 and len(score.extras) == 2


def test_each_labelled_line_matches_one_predicted_line_and_extras_count_against_precision() -> None:
    predicted = [
        {"description": "Vollkasko", "amount": "46.2", "quantity": None},
        {"description": "Vollkasko", "amount": "46.2"},
    ]
    table = line_table([score_lines(predicted, LABELLED)])
    assert (table.matched, table.predicted, table.labelled) == (1, 2, 2)
    assert table.precision == 0.5 and table.recall == 0.5
    assert table.all_right_share == 0.0
    # the matched line has no quantity: a missing prediction is wrong
    assert table.value_accuracy("quantity") == 0.0
