"""Numbers, amounts, days and lists written as a Dutch reader expects them, without the machine's locales.

``€ 1.234,50``, ``12.345``, ``1 maart 2025``, ``a, b en c``. The `locale` module would depend on which
locales the machine has installed and is process-wide; these functions depend on nothing. The message
catalogue formats its parameters with them (and with the English twins below for ``en``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = [
    "dutch_day",
    "dutch_list",
    "dutch_moment",
    "dutch_number",
    "english_amount",
    "english_day",
    "english_list",
    "english_moment",
    "english_number",
    "euros",
]

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")  # fmt: skip
_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December")  # fmt: skip
_CENT = Decimal("0.01")
_GROUP_FROM = 10_000
"""Whole numbers are grouped from five digits (12.345, but 2025), as the Taalunie advises; amounts always."""


def _decimal(value: Decimal | float) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    # A float is a measured or computed number (a score): six decimals are plenty, and 0.1 + 0.2 shows as 0,3.
    return Decimal(repr(round(value, 6)))


def _grouped(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    return separator.join([digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))])


def _written(value: Decimal | float, *, thousands: str, decimal: str, places: int | None, group_all: bool) -> str:
    number = _decimal(value)
    if places is not None:
        # Enough precision for any size of amount: the default context's 28 digits would refuse a large one.
        precision = Context(prec=max(28, number.adjusted() + places + 2))
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=precision)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{number.copy_abs():f}".partition(".")
    if places is None:
        fraction = fraction.rstrip("0")
    if group_all or abs(number) >= _GROUP_FROM:
        whole = _grouped(whole, thousands)
    return sign + whole + (decimal + fraction if fraction else "")


def dutch_number(value: Decimal | float, places: int | None = None) -> str:
    """``12.345,5``: a decimal comma, and a dot between thousands from five digits on (``2025`` stays)."""
    return _written(value, thousands=".", decimal=",", places=places, group_all=False)


def euros(amount: Decimal | float) -> str:
    """``€ 1.234,50``: always to the cent, with a dot between thousands; ``€ -12,00`` below zero."""
    return "€ " + _written(amount, thousands=".", decimal=",", places=2, group_all=True)


def dutch_day(day: dt.date) -> str:
    """``1 maart 2025``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def dutch_moment(moment: dt.datetime) -> str:
    """``1 maart 2025 om 14:05``."""
    return f"{dutch_day(moment)} om {moment:%H:%M}"


def dutch_list(items: Iterable[str], last: str = "en") -> str:
    """``a, b en c``; pass ``last="of"`` for ``a, b of c``."""
    shown = list(items)
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} {last} {shown[-1]}"


def english_number(value: Decimal | float, places: int | None = None) -> str:
    """``12,345.5``: the English twin of `dutch_number`."""
    return _written(value, thousands=",", decimal=".", places=places, group_all=False)


def english_amount(amount: Decimal | float) -> str:
    """``€1,234.50``: the English twin of `euros`."""
    text = _written(amount, thousands=",", decimal=".", places=2, group_all=True)
    return f"-€{text[1:]}" if text.startswith("-") else f"€{text}"


def english_day(day: dt.date) -> str:
    """``1 March 2025``."""
    return f"{day.day} {_ENGLISH_MONTHS[day.month - 1]} {day.year}"


def english_moment(moment: dt.datetime) -> str:
    """``1 March 2025 at 14:05``."""
    return f"{english_day(moment)} at {moment:%H:%M}"


def english_list(items: Iterable[str], last: str = "and") -> str:
    """``a, b and c``; pass ``last="or"`` for ``a, b or c``."""
    return dutch_list(items, last)
