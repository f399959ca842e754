"""The model's time axis: months from January 2025 to December 2030."""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
from babel.dates import format_date

from .i18n import _, is_chinese
from .i18n import locale as reader_locale

START_YEAR = 2025
END_YEAR = 2030
N_MONTHS = (END_YEAR - START_YEAR + 1) * 12
MONTH = np.arange(N_MONTHS)
YEAR = START_YEAR + MONTH // 12
YEARS = tuple(range(START_YEAR, END_YEAR + 1))
DATES = pd.date_range(f"{START_YEAR}-01-01", periods=N_MONTHS, freq="MS")
NEVER = N_MONTHS  # a month index past the horizon: "not by December 2030"


def month_index(month: str) -> int:
    """Index of a ``YYYY-MM`` month on the axis (2025-01 is 0; 2031-01 is :data:`NEVER`)."""
    year, mon = (int(x) for x in month.split("-"))
    return (year - START_YEAR) * 12 + mon - 1


def month_text(index: float) -> str:
    """``YYYY-MM`` for a month index (the form links and data files use)."""
    i = int(round(index))
    return f"{START_YEAR + i // 12}-{i % 12 + 1:02d}"


def month_label(index: float) -> str:
    """Write a month index in words: 'Jul 2026', or 'not by 2030' past the horizon.

    In Chinese: '2026年7月', '2030年前不会'.
    """
    i = int(round(index))
    if i >= NEVER:
        return _("not by {year}").format(year=END_YEAR)
    if is_chinese():
        return month_words(month_text(i))
    return pd.Timestamp(f"{month_text(i)}-01").strftime("%b %Y")


def month_words(month: str) -> str:
    """Write a ``YYYY-MM`` month with its full name in the reader's language.

    'June 2026' (Chinese: '2026年6月').
    """
    date = datetime.date.fromisoformat(f"{month}-01")
    pattern = "y年M月" if is_chinese() else "MMMM y"
    return format_date(date, pattern, locale=reader_locale())
