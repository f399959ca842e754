"""Colour contrast of the charts (WCAG 2.1): each company's colour at least 3:1 on the white
background (non-text contrast, 1.4.11), chart text at least 4.5:1 (1.4.3), one colour per
company everywhere."""

from __future__ import annotations

import pytest

from ui.charts import style
from ui.page_style import CAPTION_COLOR

WHITE = "#FFFFFF"
SIDEBAR = "#F3F5F8"  # .streamlit/config.toml secondaryBackgroundColor


def luminance(color: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_known_pairs():
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert contrast(WHITE, WHITE) == pytest.approx(1)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast("#E69F00", WHITE) == pytest.approx(2.25, abs=0.01)  # Okabe-Ito orange


@pytest.mark.parametrize("company", list(style.COMPANY_COLORS))
def test_company_colours_stand_out_on_white(company):
    assert contrast(style.COMPANY_COLORS[company], WHITE) >= 3


def test_each_company_has_its_own_colour_used_for_nothing_else():
    companies = {c.upper() for c in style.COMPANY_COLORS.values()}
    assert len(companies) == len(style.COMPANY_COLORS)
    others = {c.upper() for c in (*style.CHANNEL_PALETTE, *style.PALETTE, style.UNSPENT_COLOR)}
    others |= {style.RAISES_COLOR.upper(), style.LOWERS_COLOR.upper()}
    assert not companies & others


@pytest.mark.parametrize("background", [WHITE, SIDEBAR])
def test_text_colours_are_readable(background):
    for color in (style.TEXT_COLOR, style.NOTE_COLOR, CAPTION_COLOR):
        assert contrast(color, background) >= 4.5, color


def test_every_chart_text_colour_in_the_config_is_readable():
    config = style.CHART_CONFIG
    colors = [
        config[part][key]
        for part in ("axis", "legend", "header", "title")
        for key in config[part]
        if key.endswith(("Color", "color"))
    ]
    colors.append(config["text"]["color"])
    assert len(colors) >= 9
    for color in colors:
        assert contrast(color, WHITE) >= 4.5, color


@pytest.mark.parametrize("color", [*style.CHANNEL_PALETTE, *style.PALETTE, style.UNSPENT_COLOR])
def test_every_series_colour_stands_out_on_white(color):
    assert contrast(color, WHITE) >= 3
