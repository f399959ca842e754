"""Numbers in words: counts, money, shares, link values and control values.

As the app, the briefing and the command line print them; pure functions of plain values.
"""

from __future__ import annotations

import math

from babel.numbers import format_compact_decimal

from .data import Param
from .i18n import N_, _, is_chinese
from .i18n import locale as reader_locale
from .timeline import month_label, month_text

# How a figure is known (the data's ``kind`` column), in words.
KIND_WORDS = {
    "reported": N_("reported"),
    "estimate": N_("estimate"),
    "derived": N_("derived"),
    "assumption": N_("assumption"),
}

MAX_VALUE_CHARS = 40  # longer text from a link is cut when echoed, and is never a number


# ------------------------------------------------------------------ link values
def format_value(value: float) -> str:
    """Shortest text that reads back to the same float (integers without '.0')."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def link_value(p: Param, value: float) -> str:
    """Write a value as a link holds it: a month as YYYY-MM, anything else as a number."""
    return month_text(value) if p.unit == "month" else format_value(value)


def short(text: str) -> str:
    """Echo user input safely: bounded length, control characters removed."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return clean if len(clean) <= MAX_VALUE_CHARS else clean[: MAX_VALUE_CHARS - 1] + "…"


# ------------------------------------------------------------------ control values
def shown(p: Param, value: float) -> str:
    """Write a value as its control shows it, without the unit: '400', 'Jan 2027', 'yes'."""
    if p.unit == "month":
        return month_label(value)
    if p.unit == "switch":
        return _("yes") if value else _("no")
    scaled = value / p.scale
    if float(scaled).is_integer():
        return f"{scaled:,.0f}"
    return f"{scaled:,.4f}".rstrip("0").rstrip(".")


def describe(p: Param, value: float) -> str:
    """Write a value in words as its control shows it: '$20,000 per chip', '35% of exports'."""
    text = shown(p, value)
    unit = p.display_unit
    if p.unit in ("month", "switch"):
        return text
    if is_chinese():
        return with_unit(unit, text)
    if unit.startswith("$ "):
        return f"${text} {unit[2:]}"
    if unit.startswith("%"):
        return f"{text}{unit}"
    return f"{text} {unit}"


def with_unit(unit: str, text: str) -> str:
    """Write a number with a Chinese unit (a ``display_unit_zh``).

    Its ``%`` takes the number ('占出口的%' -> '占出口的35%', '%/年' -> '30%/年'); any other
    unit follows it ('美元/颗' -> '20,000美元/颗').
    """
    return unit.replace("%", f"{text}%", 1) if "%" in unit else f"{text}{unit}"


def round_significant(value: float) -> float:
    """Round to 12 significant digits, dropping the float noise of step arithmetic.

    A slider at 7.04 moved one 0.01 step reads 7.050000000000001; this gives 7.05.
    """
    return float(f"{float(value):.12g}")


# ------------------------------------------------------------------ headline numbers
def significant(value: float, digits: int) -> float:
    """Round to ``digits`` significant figures."""
    return float(f"{value:.{digits}g}")


def compact(value: float, digits: int = 3) -> str:
    """Write a count in the reader's large-number words, from Babel's locale data.

    In Chinese: 313万亿, 1.23万, 238亿 (万 = 10^4, 亿 = 10^8, 万亿 = 10^12).
    """
    return format_compact_decimal(
        significant(value, digits), locale=reader_locale(), fraction_digits=2
    )


def format_count(value: float, unit: str = "") -> str:
    """Write a count in words, not exponents: 1_234_000 -> '1.23 million' (Chinese: 123万)."""
    if is_chinese():
        return f"{compact(value)}{unit}".strip() if abs(value) >= 1e4 else f"{value:,.0f}{unit}"
    for size, word in (
        (1e15, "quadrillion"),
        (1e12, "trillion"),
        (1e9, "billion"),
        (1e6, "million"),
    ):
        if abs(value) >= size:
            text = f"{value / size:.3g} {word}"
            break
    else:
        text = f"{value:,.0f}"
    return f"{text} {unit}".strip()


def format_money(usd: float, cny: float | None = None) -> str:
    """Write billions of dollars, after the yuan when given: '¥85.0 bn ($12.1 bn)'.

    In Chinese: '850亿元（121亿美元）'.
    """
    if is_chinese():
        text = f"{compact(usd)}美元"
        return f"{compact(cny)}元（{text}）" if cny is not None else text
    text = f"${usd / 1e9:,.1f} bn"
    return f"¥{cny / 1e9:,.1f} bn ({text})" if cny is not None else text


def format_share(share: float) -> str:
    """Write a share in percent; '—' when undefined (Google has no compute left)."""
    return f"{share * 100:.1f}%" if math.isfinite(share) else "—"


def rounded(value: float) -> str:
    """Write a count rounded to what the data supports: two significant figures."""
    if is_chinese():
        return compact(value, 2) if value >= 1e4 else f"{significant(value, 2):,.0f}"
    if value >= 1e6:
        return f"{value / 1e6:.2g} million"
    return f"{float(f'{value:.2g}'):,.0f}"


def kind_words(kind: str) -> str:
    """Say how a figure is known ("reported", "estimate", ...) in the reader's language."""
    return _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind
