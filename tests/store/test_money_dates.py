from datetime import date
from decimal import Decimal

import pytest

from store.dates import parse_date, parse_month
from store.errors import UserError
from store.money import Unit, format_amount, in_unit, parse_amount


def test_ten_thousand_hundredths_of_a_yi_sum_to_exactly_one_hundred_yi() -> None:
    total = sum(parse_amount("0.01", Unit.YI) for _ in range(10_000))
    assert total == 100 * 100_000_000
    assert in_unit(total, Unit.YI) == Decimal(100)
    assert sum(parse_amount(0.01, Unit.YI) for _ in range(10_000)) == total  # float cells too


@pytest.mark.parametrize(
    "text, unit, yuan",
    [
        ("5.2亿", Unit.WAN, 520_000_000),
        ("3000万", Unit.YI, 30_000_000),
        ("1,200", Unit.WAN, 12_000_000),
        ("0.0001", Unit.YI, 10_000),
        ("12", Unit.YUAN, 12),
        (" 7.5 ", Unit.YI, 750_000_000),
    ],
)
def test_amounts_as_people_type_them(text: str, unit: Unit, yuan: int) -> None:
    assert parse_amount(text, unit) == yuan


@pytest.mark.parametrize(
    "text", ["-5", "abc", "5亿元多", "", "100000001亿", float("inf"), float("nan"), 10**30]
)
def test_bad_amounts(text: str | float | int) -> None:
    with pytest.raises(UserError):
        parse_amount(text)


def test_format_in_office_units() -> None:
    assert format_amount(13_400_000_000, Unit.YI) == "134.00"
    assert format_amount(12_345_678, Unit.WAN) == "1,235"
    assert format_amount(12_345_678, Unit.WAN, places=4) == "1,234.5678"


@pytest.mark.parametrize(
    "value", ["2024-03-16", "2024/3/16", "2024.3.16", "2024年3月16日", "20240316", 45367, 45367.0]
)
def test_dates_as_people_type_them(value: object) -> None:
    assert parse_date(value) == date(2024, 3, 16)


@pytest.mark.parametrize("value", ["2024-02-30", "next week", "16/3/2024"])
def test_bad_dates(value: str) -> None:
    with pytest.raises(UserError, match="not a date"):
        parse_date(value)


def test_months() -> None:
    assert parse_month("2024年3月") == date(2024, 3, 1)
    assert parse_month("2024-03-16") == date(2024, 3, 1)


def test_a_form_takes_the_separators_a_sheet_does() -> None:
    """What the import reads (5 000万, 1 200, 3,000万), every door reads."""
    assert parse_amount("5 000万", Unit.YI) == 50_000_000
    assert parse_amount("1\u00a0200", Unit.WAN) == 12_000_000
    assert parse_amount("3,000万", Unit.YI) == 30_000_000
    with pytest.raises(UserError):
        parse_amount("5 000 万元 2", Unit.YI)
