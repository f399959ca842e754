"""Numbers in words: counts, money, shares, link values and slider values.

As the app, the briefing and the command line print them; pure functions of plain values.
"""

from __future__ import annotations

import math

from .data import Param

MAX_VALUE_CHARS = 40  # longer text from a link is cut when echoed, and is never a number


# ------------------------------------------------------------------ link values
def format_value(value: float) -> str:
    """Shortest text that reads back to the same float (integers without '.0')."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def short(text: str) -> str:
    """Echo user input safely: bounded length, control characters removed."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return clean if len(clean) <= MAX_VALUE_CHARS else clean[: MAX_VALUE_CHARS - 1] + "…"


# ------------------------------------------------------------------ slider values
def shown(p: Param, value: float) -> str:
    """Write a value as its slider shows it, without the unit: '400', '7.04'."""
    scaled = value / p.scale
    if float(scaled).is_integer():
        return f"{scaled:,.0f}"
    return f"{scaled:,.4f}".rstrip("0").rstrip(".")


def describe(p: Param, value: float) -> str:
    """Write a value in words as its slider shows it: '$20,000 per chip', '35% of exports'."""
    text = shown(p, value)
    unit = p.display_unit
    if unit.startswith("$ "):
        return f"${text} {unit[2:]}"
    if unit.startswith("%"):
        return f"{text}{unit}"
    return f"{text} {unit}"


def round_significant(value: float) -> float:
    """Round to 12 significant digits, dropping the float noise of step arithmetic.

    Steps add up with float noise (0.1 + 0.2 is 0.30000000000000004); this gives 0.3.
    """
    return float(f"{float(value):.12g}")


# ------------------------------------------------------------------ headline numbers
def format_count(value: float, unit: str = "") -> str:
    """Write a count in words, not exponents: 1_234_000 -> '1.23 million'."""
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
    """Write billions of dollars, after the yuan when given: '¥85.0 bn ($12.1 bn)'."""
    text = f"${usd / 1e9:,.1f} bn"
    return f"¥{cny / 1e9:,.1f} bn ({text})" if cny is not None else text


def format_share(share: float) -> str:
    """Write a share in percent; '—' when undefined (Google has no compute left)."""
    return f"{share * 100:.1f}%" if math.isfinite(share) else "—"
