"""The shape of a vendor value that is more, or other, than a company's name: the evidence the
confidence model reads for the failure kinds seen on invoices nobody tuned for."""

from __future__ import annotations

import pytest

from axocr.lang.labels import ADDRESS_HINTS
from axocr.validate.review import _name_shape


@pytest.mark.parametrize(
    "value",
    ["ORION INSTRUMENTS Orion Instruments Ltd.", "さくら野建設 有限会社さくら野建設"],
)
def test_a_word_mark_glued_before_the_legal_name_reads_as_the_name_twice(value: str) -> None:
    assert _name_shape(value)["name_twice"] == 1.0


@pytest.mark.parametrize(
    "value",
    ["4333741000005 (GTIN) MUSTERLIEFERANT GMBH", "GLN 4304171000002 MUSTER-KUNDE GMBH"],
)
def test_an_identifier_glued_to_a_name_is_a_long_number(value: str) -> None:
    shape = _name_shape(value)
    assert shape["long_number"] == 1.0
    assert shape["name_twice"] == 0.0


def test_an_address_line_ends_with_a_number_and_a_heading_is_one_word() -> None:
    assert _name_shape("Am Markt 102")["ends_number"] == 1.0
    assert _name_shape("Creditfactuur")["one_word"] == 1.0


@pytest.mark.parametrize(
    "value",
    [
        "Amazon Web Services, Inc.",
        # a word repeated inside a real name is not a word mark before it
        "RESTAURANT JIAWEI JIAWEI HOUSE",
        "99 SPEEDMART",
        "MR. D.I.Y. (M) SDN BHD",
        "ローソン",  # a whole Japanese name without spaces is not "one word" of a heading
        "株式会社高橋工務店",
    ],
)
def test_an_ordinary_company_name_shows_none_of_them(value: str) -> None:
    assert set(_name_shape(value).values()) == {0.0}


@pytest.mark.parametrize(
    ("line", "address"),
    [
        # a street-name ending before the house number, in each pack that has one
        ("Dorpsstraat 98", True),
        ("Stationsweg 27", True),
        ("Hauptstraße 5", True),
        ("Mulder Kantoorartikelen V.O.F.", False),
        ("De Vries Techniek N.V.", False),
    ],
)
def test_a_street_and_its_house_number_read_as_an_address(line: str, address: bool) -> None:
    assert bool(ADDRESS_HINTS.search(line)) is address
