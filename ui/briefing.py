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
from simulator.i18n import N_, _, is_chinese, locale
from simulator.scenario import scenario_name
from simulator.summary import Card, cards, headline, sentence
from simulator.words import kind_words, shown
from ui.charts.export import to_image
from ui.charts.simulator import NOTES, all_specs

FILE_NAME = "compute-gap-briefing.html"
TITLE = N_("ByteDance vs Google: the AI compute gap")
# A Chinese page's fonts: the Latin ones first (for the names and numbers), then CJK ones.
CJK_FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC"'
LATIN_FONTS = '-apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial'
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
    """The date as printed on a briefing or a deck: "5 March 2026", "2026年3月5日"."""
    if is_chinese():
        from babel.dates import format_date

        return format_date(day, "yyyy年M月d日", locale=locale())
    return f"{day.day} {day:%B %Y}"


def css() -> str:
    """The page's style sheet, with Chinese fonts and punctuation for a Chinese reader."""
    if not is_chinese():
        return CSS
    return CSS.replace(LATIN_FONTS, f"{LATIN_FONTS}, {CJK_FONTS}").replace(
        'attr(data-label) ": "', 'attr(data-label) "："'
    )


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
            f"<figcaption>{_e(_(NOTES[name]))}</figcaption></figure>"
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
    this, baseline, kind = _e(_("This scenario")), _e(_("Baseline")), _e(_("Kind"))
    source_label, as_of = _e(_("Source")), _e(_("As of"))
    for p, base, value in changed(scenario):
        source = _e(p.source)
        if safe_url(p.url or ""):
            left, right = ("（", "）") if is_chinese() else (" (", ")")
            source += f"{left}{_anchor(p.url, _('source'))}{right}"
        rows.append(
            "<tr>"
            f"<td><strong>{_e(p.label)}</strong></td>"
            f'<td data-label="{this}"><strong>{_e(shown(p, value))}'
            f"</strong> {_e(value_unit(p))}</td>"
            f'<td data-label="{baseline}">{_e(shown(p, base))} '
            f"{_e(value_unit(p))}</td>"
            f'<td data-label="{kind}">{_e(kind_words(p.kind))}</td>'
            f'<td data-label="{source_label}">{source}</td>'
            f'<td class="num" data-label="{as_of}">{_e(p.as_of)}</td>'
            "</tr>"
        )
    if not rows:
        return f'<p class="note">{_e(_("Every assumption is at its baseline value."))}</p>'
    return (
        f"<table><thead><tr><th>{_e(_('Assumption'))}</th><th>{this}</th><th>{baseline}</th>"
        f"<th>{kind}</th><th>{_e(_('Source of the baseline value'))}</th><th>{as_of}</th>"
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
    title = _(TITLE)
    meta = _("Scenario briefing · {date} · headline numbers for the end of {year}")
    version = _(
        "Compute Gap, model version {version}, data as of {date}.\n"
        "Projections, not forecasts: every number follows from the assumptions above."
    ).format(version=scenario.version, date=scenario.release.label)
    story = _("<strong>{name}</strong>: {description}").format(
        name=_e(name), description=_e(c.description)
    )
    lang = "zh-Hans" if is_chinese() else "en"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">
<title>{_e(_("{title}: {name}, {year}").format(title=title, name=name, year=year))}</title>
<style>{css()}</style>
</head>
<body>
<header>
<h1>{_e(title)}</h1>
<div class="meta">{_e(meta.format(date=date, year=year))}</div>
<p class="scenario">{story}</p>
</header>
<main>
<div class="cards">{_cards_html(c)}</div>
<p class="sentence">{_e(c.sentence)}</p>
<h2>{_e(_("Charts"))}</h2>
{_figures_html(c.specs)}
{note}
<h2>{_e(_("Assumptions that differ from the baseline"))}</h2>
{_assumptions_html(scenario)}
</main>
<footer class="meta">
<p>{_e(version)}</p>
<p>{_e(_("Open this scenario in the app:"))} {_anchor(link)}</p>
</footer>
</body>
</html>
"""
