"""Slide deck: one scenario as a 16:9 PowerPoint file, to drop into a presentation.

The same content as the briefing (``ui/briefing.py``, whose helpers it uses): a title slide
with the scenario, its story, the result sentence, the year and the date; one slide per
chart (the image carries its context: scenario, changes, year, how to read it, data date,
link) with the four headline numbers beside it; what differs from the baseline; the
sources, the model version, the data vintage and the link back to the app.

Every visible string of the deck is in :data:`TEXT`, to be translated in one place. Text
that could run long (the changes, the sources) goes on as many slides as it needs, so
nothing runs off a slide. No Streamlit: the download button is in ``ui/downloads.py``.
"""

from __future__ import annotations

import datetime
import io
import math
import struct
import unicodedata
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from simulator import Scenario
from simulator.analysis import describe_change
from simulator.i18n import N_, _, is_chinese
from simulator.summary import Card
from ui.briefing import (
    TITLE,
    Content,
    changed,
    chart_title,
    content,
    long_date,
    safe_url,
)
from ui.charts.export import to_image
from ui.charts.simulator import context

FILE_NAME = "compute-gap-slides.pptx"
MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# Every visible string of the deck (the charts' own words come with their images), marked
# for translation: :func:`text` gives one in the reader's language.
TEXT = {
    "app": TITLE,
    "meta": N_("Scenario slides · {date} · headline numbers for the end of {year}"),
    "changes": N_("What differs from the baseline"),
    "no_changes": N_("Every assumption is at its baseline value."),
    "sources": N_("Sources, version and link"),
    "continued": N_("{title} (continued)"),
    "source": N_("{label} (as of {as_of}): {source}"),
    "source_link": N_("source"),
    "every_source": N_("Every figure's source is on the app's Assumptions & sources page."),
    "version": N_(
        "Compute Gap, model version {version}, data as of {vintage}. Projections, not "
        "forecasts: every number follows from the assumptions."
    ),
    "open": N_("Open this scenario in the app: "),
}

FONT = "Arial"  # on every system (Liberation Sans has its metrics)
# The East-Asian typeface of a Chinese deck's runs (PowerPoint draws CJK characters in the
# ``a:ea`` font; where it is missing, LibreOffice and PowerPoint substitute a CJK font).
EA_FONT = "Microsoft YaHei"
INK, NOTE, ACCENT, CARD_FILL, CARD_LINE = (
    RGBColor(0x1B, 0x1F, 0x24),
    RGBColor(0x51, 0x57, 0x5F),
    RGBColor(0x1F, 0x5F, 0xA8),
    RGBColor(0xF3, 0xF5, 0xF8),
    RGBColor(0xD0, 0xD5, 0xDC),
)

# Layout, in inches, on a 13.333 x 7.5 in (16:9) slide.
WIDE, HIGH, MARGIN = 13.333, 7.5, 0.5
TITLE_TOP, TITLE_HIGH, TITLE_PT, NAME_PT = 0.3, 0.9, 30, 40
BODY_TOP, BODY_BOTTOM = 1.35, 7.05
BODY_WIDE = WIDE - 2 * MARGIN
BODY_PT, LIST_PT = 16, 18
# The strip of headline numbers right of each chart: wider when it shows the ranges.
CARDS_WIDE, BANDS_WIDE, GAP = 3.8, 4.2, 0.08
CARD_PT, VALUE_PT = 14, 24
CHAR_EM = 0.5  # an average character's width, in ems (Arial)
LINE_EM = 1.2  # a line's height, in ems


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph: its text, and the address it links to, if any."""

    text: str
    link: str | None = None


Paragraph = list[Run]


def text(key: str) -> str:
    """One of the deck's strings (:data:`TEXT`) in the reader's language."""
    return _(TEXT[key])


# ------------------------------------------------------------------ text boxes
def _style(run, size: int, color: RGBColor = INK, bold: bool = False) -> None:
    run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
    run.font.color.rgb = color
    if is_chinese():
        _east_asian(run, EA_FONT)


def _east_asian(run, typeface: str) -> None:
    """Set the run's East-Asian typeface (``a:ea``, right after ``a:latin``) and its
    language (Simplified Chinese: a substitute font, where the typeface is missing, is a
    Simplified Chinese one)."""
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", "zh-CN")
    rpr.set("altLang", "en-US")
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = rpr.makeelement(qn("a:ea"), {})
        latin = rpr.find(qn("a:latin"))
        if latin is not None:
            latin.addnext(ea)
        else:
            rpr.append(ea)
    ea.set("typeface", typeface)


def _frame(shape, anchor=MSO_ANCHOR.TOP, margin: float = 0.05):
    frame = shape.text_frame
    frame.word_wrap, frame.auto_size, frame.vertical_anchor = True, MSO_AUTO_SIZE.NONE, anchor
    for side in ("left", "right", "top", "bottom"):
        setattr(frame, f"margin_{side}", Inches(margin))
    return frame


def _add(frame, runs: Paragraph, size: int, color=INK, bold=False, before: float = 0) -> None:
    """Add one paragraph (the frame's first, empty one if it is still empty)."""
    first = frame.paragraphs[0]
    para = first if len(frame.paragraphs) == 1 and not first.runs else frame.add_paragraph()
    para.space_before, para.alignment = Pt(before), PP_ALIGN.LEFT
    for piece in runs:
        run = para.add_run()
        run.text = piece.text
        _style(run, size, ACCENT if piece.link else color, bold)
        if piece.link:
            run.hyperlink.address = piece.link
            run.font.underline = True


def _box(slide, left: float, top: float, wide: float, high: float, anchor=MSO_ANCHOR.TOP):
    return _frame(
        slide.shapes.add_textbox(Inches(left), Inches(top), Inches(wide), Inches(high)), anchor
    )


def _slide(deck, title: str, size: int = TITLE_PT):
    """A new slide with its title (a real title placeholder: the outline, screen readers)."""
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
    shape = slide.shapes.title
    shape.left, shape.top = Inches(MARGIN), Inches(TITLE_TOP)
    shape.width, shape.height = Inches(BODY_WIDE), Inches(TITLE_HIGH)
    frame = _frame(shape, MSO_ANCHOR.MIDDLE)
    frame.text = ""
    _add(frame, [Run(title)], size, bold=True)
    return slide


# ------------------------------------------------------------------ fitting text
def _lines(text: str, size: int, wide: float) -> int:
    """How many lines ``text`` takes at ``size`` pt in a box ``wide`` inches wide (estimate)."""
    per_line = max(1, int(wide * 72 / (size * CHAR_EM)))
    return max(1, math.ceil(_columns(text) / per_line))


def _columns(text: str) -> int:
    """Characters, a Chinese one counting two (it is about twice an average Latin one)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _height(para: Paragraph, size: int, before: float, wide: float = BODY_WIDE) -> float:
    """The height of a paragraph, in inches, with the space before it."""
    text = "".join(r.text for r in para)
    return (_lines(text, size, wide) * size * LINE_EM + before) / 72


def _pages(paras: list[Paragraph], size: int, before: float, last: float) -> list[list]:
    """Split paragraphs over slides so none runs off: ``last`` inches stay free on the last."""
    room = BODY_BOTTOM - BODY_TOP - 0.2
    pages: list[list[Paragraph]] = [[]]
    used = 0.0
    for para in paras:
        high = _height(para, size, before)
        if pages[-1] and used + high > room:
            pages.append([])
            used = 0.0
        pages[-1].append(para)
        used += high
    if used + last > room:
        pages.append([])
    return pages


def _list_slides(deck, title: str, pages: list[list[Paragraph]], size: int, before: float):
    """One slide per page (the later ones "(continued)"); the last slide's frame is returned."""
    frame = None
    for i, page in enumerate(pages):
        heading = text("continued").format(title=title) if i else title
        frame = _box(_slide(deck, heading), MARGIN, BODY_TOP, BODY_WIDE, BODY_BOTTOM - BODY_TOP)
        for para in page:
            _add(frame, para, size, before=before)
    return frame


# ------------------------------------------------------------------ the slides
def _title_slide(deck, c: Content, year: int, today: datetime.date) -> None:
    slide = _slide(deck, c.name, NAME_PT)
    frame = _box(slide, MARGIN, BODY_TOP, BODY_WIDE, BODY_BOTTOM - BODY_TOP)
    _add(frame, [Run(c.description)], 20, NOTE)
    _add(frame, [Run(c.sentence)], 22, bold=True, before=24)
    meta = text("meta").format(date=long_date(today), year=year)
    _add(frame, [Run(text("app"))], BODY_PT, NOTE, before=30)
    _add(frame, [Run(meta)], BODY_PT, NOTE, before=4)


def _card(slide, card: Card, spread: str, at: tuple[float, float, float, float]) -> None:
    left, top, wide, high = (Inches(x) for x in at)
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, wide, high)
    shape.fill.solid()
    shape.fill.fore_color.rgb = CARD_FILL
    shape.line.color.rgb = CARD_LINE
    shape.shadow.inherit = False
    frame = _frame(shape, MSO_ANCHOR.MIDDLE, margin=0.08)
    _add(frame, [Run(card.label)], CARD_PT, NOTE)
    _add(frame, [Run(card.value)], VALUE_PT, bold=True)
    if card.delta:  # on the value's line, smaller
        run = frame.paragraphs[-1].add_run()
        run.text = f"  {card.delta}"
        _style(run, CARD_PT, bold=True)
    for text, bold in ((card.note, False), (spread, True)):
        if text:
            _add(frame, [Run(text)], CARD_PT, INK if bold else NOTE, bold)


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def _chart_slide(deck, title: str, png: bytes, c: Content) -> None:
    slide = _slide(deck, title)
    strip = BANDS_WIDE if c.ranges else CARDS_WIDE
    box_wide, box_high = WIDE - 2 * MARGIN - strip - 0.3, BODY_BOTTOM - BODY_TOP + 0.2
    w, h = _png_size(png)
    scale = min(box_wide / w, box_high / h)
    picture = slide.shapes.add_picture(
        io.BytesIO(png), Inches(MARGIN), Inches(BODY_TOP), Inches(w * scale), Inches(h * scale)
    )
    picture._element.nvPicPr.cNvPr.set("descr", title)  # alt text
    top, bottom = BODY_TOP - 0.1, HIGH - 0.15
    high = (bottom - top - 3 * GAP) / 4
    for i, card in enumerate(c.cards):
        spread = c.ranges[i] if c.ranges else ""
        at = (WIDE - MARGIN - strip, top + i * (high + GAP), strip, high)
        _card(slide, card, spread, at)


def _changes_slides(deck, scenario: Scenario) -> None:
    paras = [[Run(line)] for line in describe_change(scenario)] or [[Run(text("no_changes"))]]
    pages = _pages(paras, LIST_PT, 10, 0)
    _list_slides(deck, text("changes"), pages, LIST_PT, 10)


def _footer(scenario: Scenario, link: str) -> list[Paragraph]:
    release = scenario.release
    version = text("version").format(version=release.version, vintage=release.label)
    return [
        [Run(text("every_source"))],
        [Run(version)],
        [Run(text("open")), Run(link, safe_url(link))],
    ]


def _sources_slides(deck, scenario: Scenario, link: str) -> None:
    paras = []
    for p, *_values in changed(scenario):
        line = text("source").format(label=p.label, as_of=p.as_of, source=p.source)
        url = safe_url(p.url or "")
        paras.append([Run(line)] + ([Run(" "), Run(text("source_link"), url)] if url else []))
    footer = _footer(scenario, link)
    reserve = sum(_height(para, BODY_PT, 12) for para in footer) + 0.2
    frame = _list_slides(deck, text("sources"), _pages(paras, BODY_PT, 8, reserve), BODY_PT, 8)
    for i, para in enumerate(footer):
        _add(frame, para, BODY_PT, NOTE if i < 2 else INK, before=18 if i == 0 and paras else 8)


def slides_bytes(
    scenario: Scenario,
    year: int,
    link: str,
    bands: bool = False,
    today: datetime.date | None = None,
) -> bytes:
    """The deck for ``scenario`` with headline numbers for ``year``, as a .pptx file's bytes.

    ``link`` is the share link back to the app (a hyperlink when it is an http(s)
    address); ``bands`` adds the uncertainty ranges and bands, as the page shows them with
    "Show uncertainty" on; ``today`` is the date on the title slide (default: today).
    """
    today = today or datetime.date.today()
    c = content(scenario, year, bands)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(Inches(WIDE)), Emu(Inches(HIGH))
    _title_slide(deck, c, year, today)
    for name, spec in c.specs.items():
        png = to_image(spec, "png", context(name, scenario, year, link, c.bands_note))
        _chart_slide(deck, chart_title(spec, name), png, c)
    _changes_slides(deck, scenario)
    _sources_slides(deck, scenario, link)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
