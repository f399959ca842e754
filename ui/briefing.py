"""One-click briefing: one scenario as a self-contained HTML page to email or print.

The page opens offline and runs no script: headline numbers and sentence (the same
strings as the Simulator page), with the uncertainty ranges and bands when the reader has
"Show uncertainty" on, the four charts as inline PNG images, the assumptions
that differ from the baseline with their sources, the model version, the data vintage and
the link back to the app. Every interpolated string is HTML-escaped.

Pure HTML, no Streamlit: the download button that offers it is in ``ui/downloads.py``.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from simulator import Scenario, project
from simulator.analysis import CARD_OUTPUTS, bands_note, range_text
from simulator.analysis import fan as monte_carlo
from simulator.data import Param
from simulator.scenario import scenario_name
from simulator.summary import Card, cards, headline, sentence
from simulator.words import shown
from ui.charts.export import to_image
from ui.charts.simulator import NOTES, all_specs

FILE_NAME = "compute-gap-briefing.html"
TITLE = "ByteDance vs Google: the AI compute gap"

CSS = """
@page { size: A4; margin: 14mm; }
* { box-sizing: border-box; }
body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1b1f24; background: #fff; max-width: 960px; margin: 24px auto; padding: 0 18px;
  line-height: 1.45; font-size: 15px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 2px solid #1f5fa8;
  padding-bottom: 4px; }
.meta, .note, figcaption { color: #51575f; font-size: 13px; }
.scenario { margin: 14px 0 6px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 14px 0; }
.card { border: 1px solid #d0d5dc; border-radius: 6px; padding: 10px 12px; }
.card .label { font-size: 13px; color: #51575f; }
.card .value { font-size: 26px; font-weight: 650; margin: 2px 0; }
.card .delta { font-size: 13px; font-weight: 600; }
.card .help { font-size: 12px; color: #51575f; margin-top: 6px; }
.card .range { font-size: 12px; font-weight: 600; margin-top: 4px; }
.sentence { font-size: 18px; font-weight: 600; margin: 16px 0; }
figure { margin: 0 0 16px; max-width: 780px; break-inside: avoid; }
figure img { width: 100%; height: auto; border: 1px solid #eef0f3; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #d0d5dc; padding: 6px 8px; text-align: left;
  vertical-align: top; }
th { background: #f3f5f8; }
td.num { white-space: nowrap; }
a { color: #1f5fa8; overflow-wrap: anywhere; }
footer { margin-top: 28px; border-top: 1px solid #d0d5dc; padding-top: 10px; }
@media (max-width: 700px) {
  .cards { grid-template-columns: 1fr 1fr; }
  thead { display: none; }
  table, tbody, tr, td { display: block; width: 100%; }
  tr { border-bottom: 1px solid #d0d5dc; padding: 6px 0; }
  td { border: 0; padding: 2px 0; }
  td[data-label]::before { content: attr(data-label) ": "; color: #51575f; }
}
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 12px; }
  h2 { break-after: avoid; }
  .cards, table, tr { break-inside: avoid; }
  a { color: #1b1f24; }
}
"""
# Defence in depth: even if markup slipped through, the page may load nothing and run nothing.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def safe_url(url: str) -> str | None:
    """The address if it is an http(s) link (never ``javascript:`` and the like)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _anchor(url: str, text: str | None = None) -> str:
    safe = safe_url(url)
    shown = _e(text if text is not None else url)
    return f'<a href="{_e(safe)}">{shown}</a>' if safe else shown


def chart_title(spec: dict, name: str) -> str:
    """A chart's title, as its spec states it (plain or with a subtitle)."""
    title = spec.get("title", name)
    if isinstance(title, dict):
        title = title.get("text", name)
    return str(title)


def long_date(day: datetime.date) -> str:
    """The date as printed on a briefing or a deck: "5 March 2026"."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Content:
    """What a briefing (and the slide deck, ``ui/slides.py``) says about one scenario."""

    name: str
    description: str
    cards: list[Card]
    ranges: list[str]  # each card's uncertainty range; empty without bands
    sentence: str
    specs: dict[str, dict]
    bands_note: str  # how to read the bands; "" without bands


def content(scenario: Scenario, year: int, bands: bool = False) -> Content:
    """The Simulator page's numbers, sentence and charts for ``scenario`` in ``year``.

    ``bands`` adds the uncertainty ranges and bands, as the page shows them with "Show
    uncertainty" on (the draws are seeded from the scenario: the page's bands).
    """
    current, base = project(scenario), project(scenario.baseline)
    fan = monte_carlo(scenario) if bands else None
    is_baseline = scenario == scenario.baseline
    now, then = headline(current, year), headline(base, year)
    name, description = scenario_name(scenario)
    return Content(
        name=name,
        description=description,
        cards=cards(now, then, None if is_baseline else "baseline"),
        ranges=[range_text(fan, output, year) for output in CARD_OUTPUTS] if fan else [],
        sentence=sentence(scenario, now, then),
        specs=all_specs(current, None if is_baseline else base, fan, year),
        bands_note=bands_note(fan) if fan is not None else "",
    )


def _cards_html(c: Content) -> str:
    blocks = []
    for i, card in enumerate(c.cards):
        delta = f'<div class="delta">{_e(card.delta)}</div>' if card.delta else ""
        spread = f'<div class="range">{_e(c.ranges[i])}</div>' if c.ranges else ""
        spread = (f'<div class="note">{_e(card.note)}</div>' if card.note else "") + spread
        blocks.append(
            f'<div class="card"><div class="label">{_e(card.label)}</div>'
            f'<div class="value">{_e(card.value)}</div>{delta}{spread}'
            f'<div class="help">{_e(card.help)}</div></div>'
        )
    return "".join(blocks)


def _figures_html(specs: dict[str, dict]) -> str:
    out = []
    for name, spec in specs.items():
        png = base64.b64encode(to_image(spec, "png")).decode("ascii")
        title = chart_title(spec, name)
        out.append(
            f'<figure><img src="data:image/png;base64,{png}" alt="{_e(title)}">'
            f"<figcaption>{_e(NOTES[name])}</figcaption></figure>"
        )
    return "".join(out)


def value_unit(p: Param) -> str:
    """The unit after a value: none for a month or a switch ("Jan 2027", "no" say it all)."""
    return "" if p.unit in ("month", "switch") else p.display_unit


def changed(scenario: Scenario) -> list[tuple[Param, float, float]]:
    """The assumptions that differ from the baseline, in the registry's order, each with its
    baseline value and the scenario's."""
    diff = scenario.differences()
    return [(p, *diff[p.key]) for p in scenario.registry if p.key in diff]


def _assumptions_html(scenario: Scenario) -> str:
    rows = []
    for p, base, value in changed(scenario):
        source = _e(p.source)
        if safe_url(p.url or ""):
            source += f" ({_anchor(p.url, 'source')})"
        rows.append(
            "<tr>"
            f"<td><strong>{_e(p.label)}</strong></td>"
            f'<td data-label="This scenario"><strong>{_e(shown(p, value))}'
            f"</strong> {_e(value_unit(p))}</td>"
            f'<td data-label="Baseline">{_e(shown(p, base))} '
            f"{_e(value_unit(p))}</td>"
            f'<td data-label="Kind">{_e(p.kind)}</td>'
            f'<td data-label="Source">{source}</td>'
            f'<td class="num" data-label="As of">{_e(p.as_of)}</td>'
            "</tr>"
        )
    if not rows:
        return '<p class="note">Every assumption is at its baseline value.</p>'
    return (
        "<table><thead><tr><th>Assumption</th><th>This scenario</th><th>Baseline</th>"
        "<th>Kind</th><th>Source of the baseline value</th><th>As of</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def briefing_html(
    scenario: Scenario,
    year: int,
    link: str,
    today: datetime.date | None = None,
    bands: bool = False,
) -> str:
    """The briefing for ``scenario`` with headline numbers for ``year``, as one HTML page.

    ``link`` is the share link back to the app (shown, and clickable when it is an
    http(s) address); ``today`` is the date printed on it (default: today); ``bands`` adds
    the uncertainty ranges and bands, as the page shows them with "Show uncertainty" on.
    """
    today = today or datetime.date.today()
    c = content(scenario, year, bands)
    name, date = c.name, long_date(today)
    note = f'<p class="note">{_e(c.bands_note)}</p>' if c.bands_note else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">
<title>{_e(f"{TITLE}: {name}, {year}")}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>{_e(TITLE)}</h1>
<div class="meta">Scenario briefing · {_e(date)} · headline numbers for the end of {_e(year)}</div>
<p class="scenario"><strong>{_e(name)}</strong>: {_e(c.description)}</p>
</header>
<main>
<div class="cards">{_cards_html(c)}</div>
<p class="sentence">{_e(c.sentence)}</p>
<h2>Charts</h2>
{_figures_html(c.specs)}
{note}
<h2>Assumptions that differ from the baseline</h2>
{_assumptions_html(scenario)}
</main>
<footer class="meta">
<p>Compute Gap, model version {_e(scenario.version)}, data as of {_e(scenario.release.label)}.
Projections, not forecasts: every number follows from the assumptions above.</p>
<p>Open this scenario in the app: {_anchor(link)}</p>
</footer>
</body>
</html>
"""
