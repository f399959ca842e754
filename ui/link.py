"""What a share link holds besides the scenario: the view settings and the compared
scenarios. Pure functions, no Streamlit: ``ui/state.py`` reads and writes the browser's URL
with them, and the Compare page builds its comparison from them.

A link is the scenario (``Scenario.to_query`` and ``Scenario.from_query``: the model
version ``v``, the data vintage ``data`` and every value that differs from the defaults)
plus these view keys, each left out at its default (:data:`VIEW_DEFAULTS`):

- ``year``: the year of the headline numbers, 2026 to 2030;
- ``bands``: ``1`` shows the uncertainty bands and ranges, ``0`` (the default) does not;
- ``lang``: the language, ``en`` (the default) or ``zh`` (Simplified Chinese);
- ``chart``: one chart shown alone, for an ``<iframe>`` (:data:`EMBED_CHARTS`);
- ``cmp``: the compared scenarios, a repeated key with one item per scenario (at most
  :data:`MAX_SCENARIOS`; by default this scenario and the baseline):

  - ``current``: the scenario set by the sidebar (the link's own parameters);
  - ``baseline``: the baseline;
  - ``preset:<name>``: a named story from ``data/presets.csv``;
  - ``link:<query>``: a pasted share link, stored as its url-encoded query string
    (``v=1&data=2026-02&h200_export_units=0``), rewritten to the canonical form.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from simulator import Scenario, i18n, presets
from simulator.engine import YEAR
from simulator.i18n import N_, _
from simulator.releases import RELEASES
from simulator.scenario import VERSION_KEY, VINTAGE_KEY, preset_name
from simulator.words import short

YEAR_KEY, BANDS_KEY, COMPARE_KEY, CHART_KEY = "year", "bands", "cmp", "chart"
LANG_KEY = "lang"
MOVED_KEY = "moved"  # set by serve.py: the page address a link asked for did not exist
# Charts a link can show alone, for an <iframe> (``?embed=true&chart=NAME``: ui/embed.py).
EMBED_CHARTS = ("compute", "tokens", "share", "spend", "track_record")
YEARS = [int(y) for y in sorted(set(YEAR))]  # the model's years; the first has no headline
DEFAULT_YEAR = 2027
CURRENT, BASELINE = "current", "baseline"
PRESET, LINK = "preset:", "link:"
DEFAULT = [CURRENT, BASELINE]  # the comparison of a link without cmp
MAX_SCENARIOS = 4
MAX_ITEM_CHARS = 2000  # a link item longer than this is not one of ours
# view key -> default value (as the URL holds it); a list default means a repeated key
VIEW_DEFAULTS: dict[str, str | list[str]] = {
    YEAR_KEY: str(DEFAULT_YEAR),
    BANDS_KEY: "0",
    LANG_KEY: i18n.DEFAULT,
    COMPARE_KEY: [],
    CHART_KEY: "",
    MOVED_KEY: "",
}


@dataclass(frozen=True)
class Entry:
    """One compared scenario: its item in the link, its name and where it came from."""

    item: str
    label: str
    origin: str
    scenario: Scenario


# ---------------------------------------------------------------- view settings
def split_view(
    query: Mapping[str, list[str]],
) -> tuple[dict[str, str | list[str]], dict[str, list[str]], list[str]]:
    """Split a link's query (key -> values) into its view settings and the scenario's keys.

    Returns the view settings (the last value of a single key, every value of a repeated
    one), the rest of the query, and a note for each single view key given different values.
    """
    rest = dict(query)
    settings: dict[str, str | list[str]] = {}
    notes = []
    for key, default in VIEW_DEFAULTS.items():
        if key in rest:
            values = rest.pop(key)
            if not isinstance(default, list) and len(set(values)) > 1:
                notes.append(
                    _("'{key}' appeared more than once; the last value was used.").format(key=key)
                )
            settings[key] = values if isinstance(default, list) else values[-1]
    return settings, rest, notes


def check_view(
    settings: Mapping[str, str | list[str]], scenario: Scenario
) -> tuple[dict[str, str | list[str]], list[str]]:
    """Reset view settings a link got wrong, whichever page it opens; say what changed.

    Returns the settings, each valid (the compared scenarios canonical), and the notes.
    """
    settings = dict(settings)
    notes = []
    year = settings.get(YEAR_KEY, VIEW_DEFAULTS[YEAR_KEY])
    if year not in [str(y) for y in YEARS[1:]]:
        notes.append(
            _("'{year}' is not a year from {first} to {last}; showing {default}.").format(
                year=short(year), first=YEARS[1], last=YEARS[-1], default=DEFAULT_YEAR
            )
        )
        settings[YEAR_KEY] = VIEW_DEFAULTS[YEAR_KEY]
    if settings.get(BANDS_KEY, "0") not in ("0", "1"):
        notes.append(
            _(
                "'{value}' is not a valid 'bands' setting (0 or 1); uncertainty is switched off."
            ).format(value=short(settings[BANDS_KEY]))
        )
        settings[BANDS_KEY] = "0"
    if settings.get(LANG_KEY, i18n.DEFAULT) not in i18n.LANGS:
        notes.append(
            _("'{value}' is not a language of this app (en, zh); showing English.").format(
                value=short(settings[LANG_KEY])
            )
        )
        settings[LANG_KEY] = i18n.DEFAULT
    moved = settings.pop(MOVED_KEY, "")
    if moved:
        notes.append(
            _("There is no page at '{path}': this is the page the link meant.").format(
                path=short(moved)
            )
        )
    chart = settings.get(CHART_KEY, "")
    if chart and chart not in EMBED_CHARTS:
        notes.append(
            _(
                "'{chart}' is not a chart that can be shown alone ({charts}); showing the whole "
                "page."
            ).format(chart=short(chart), charts=", ".join(EMBED_CHARTS))
        )
        settings[CHART_KEY] = ""
    if COMPARE_KEY in settings:
        entries, more = read_items(settings[COMPARE_KEY], scenario)
        settings[COMPARE_KEY] = link_value(entries)
        notes += more
    return settings, notes


def to_query(
    scenario: Scenario, settings: Mapping[str, str | list[str]]
) -> dict[str, str | list[str]]:
    """The link: the scenario, then every view setting that is not its default."""
    query: dict[str, str | list[str]] = dict(scenario.to_query())
    for key, value in settings.items():
        if value != VIEW_DEFAULTS[key]:
            query[key] = value
    return query


# ---------------------------------------------------------------- links mangled on the way
# What mail and chat do to a link: ``&amp;`` for ``&`` (HTML mail), ``?`` encoded as ``%3F``
# (the query then arrives as part of the path) and punctuation glued to its end.
AMP = "amp;"
TRAILING = ".),;!'\">]"
ENCODED_QUESTION_MARK = "%3f"
PLAIN = re.compile(r"[\w.,:;=&%+\-/]+")


def unmangle(query: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """A link's query (key -> values) as it was sent: ``amp;`` taken off the front of keys,
    punctuation taken off the end of keys and values (:func:`unglue`); a key left empty is
    dropped."""
    out: dict[str, list[str]] = {}
    for raw_key, values in query.items():
        key = str(raw_key)
        while key.lower().startswith(AMP):
            key = key[len(AMP) :]
        key = unglue(key)
        if key or not str(raw_key):
            out.setdefault(key, []).extend(unglue(str(v)) for v in values)
    return out


def unglue(text: str) -> str:
    """``text`` without the punctuation a sentence glued to its end, when the rest is a
    plain token like every key and value of this app's links (numbers, ``2027-01``,
    ``yes``, ``preset:name``, ``link:v=1&data=...``); any other text is left as it is, so
    that a note can quote it."""
    bare = text.rstrip(TRAILING)
    return bare if bare != text and (not bare or PLAIN.fullmatch(bare)) else text


def query_in_path(url: str | None) -> str | None:
    """The query string of an address whose ``?`` was encoded as ``%3F`` (the browser then
    asks for a page named ``simulator%3Fv=2&...``), or None when the path holds none."""
    if not url:
        return None
    path = urlsplit(url).path
    at = path.lower().find(ENCODED_QUESTION_MARK)
    if at < 0:
        return None
    query = path[at + len(ENCODED_QUESTION_MARK) :]
    if "=" not in query:  # the whole query was encoded, '=' and '&' too
        query = unquote(query)
    return query or None


def encoded_query_target(path: str, query: str = "", default_page: str = "") -> str | None:
    """Where to send a request whose ``?`` was encoded as ``%3F`` (``path`` as the browser
    sent it, still percent-encoded): the same page with the query as a query (the default
    page, whose address is ``/``, at ``/``); None when the path holds no encoded ``?``."""
    at = path.lower().find(ENCODED_QUESTION_MARK)
    if at < 0:
        return None
    found = query_in_path(path) or ""
    joined = "&".join(part for part in (found, query) if part)
    page = path[:at]
    if default_page and page.rstrip("/").endswith("/" + default_page):
        page = page.rstrip("/")[: -len(default_page)]
    return (page or "/") + ("?" + joined if joined else "")


def path_target(path: str, query: str, pages: Sequence[str], default_page: str) -> str | None:
    """Where to send a browser asking for a page address that does not exist: a known page
    with extra segments (``/compare/extra``) goes to that page, an unknown one to the
    default page (at ``/``), the default page's own name (``/simulator``) to ``/``; the query
    is kept and, unless only the default page's name was used, ``moved`` says what was
    asked. None for an address that is fine as it is."""
    parts = [part for part in path.split("/") if part]
    if not parts or (len(parts) == 1 and parts[0] in pages and parts[0] != default_page):
        return None
    page = parts[0] if parts[0] in pages and parts[0] != default_page else ""
    extra = [] if parts == [default_page] else [urlencode({MOVED_KEY: "/" + "/".join(parts)})]
    joined = "&".join(part for part in (query, *extra) if part)
    return "/" + page + ("?" + joined if joined else "")


def parse_query(query: str) -> dict[str, list[str]]:
    """A query string as key -> values, read the way mail and chat may have left it."""
    return unmangle(parse_qs(query, keep_blank_values=True))


# ---------------------------------------------------------------- compared scenarios
def link_query(text: str) -> str | None:
    """The query string of a pasted link (a full address, ``?a=1&b=2`` or ``a=1&b=2``), or
    None when the text holds no query at all."""
    text = text.strip()
    if not text:
        return None
    if "?" not in text and ENCODED_QUESTION_MARK in text.lower():
        at = text.lower().find(ENCODED_QUESTION_MARK)
        text = text[:at] + "?" + text[at + len(ENCODED_QUESTION_MARK) :]
    if "?" in text:
        query = urlsplit(text if "://" in text else "x:" + text).query
        if not query:
            query = text.split("?", 1)[1].split("#", 1)[0]
    elif "=" in text and "/" not in text:
        query = text.split("#", 1)[0]
    else:
        return None
    if "=" not in query and "%3d" in query.lower():  # the whole query was encoded
        query = unquote(query)
    return query or None


def scenario_from_query(query: str) -> tuple[Scenario, list[str]]:
    """Read a share link's query string, ignoring its view settings (year, ...)."""
    parsed = parse_query(query)
    for key in VIEW_DEFAULTS:  # how a scenario is shown, not the scenario itself
        parsed.pop(key, None)
    return Scenario.from_query(parsed)


def link_item(scenario: Scenario) -> str:
    """The canonical item for a linked scenario: ``baseline`` or ``preset:<name>`` when it is
    one of those, else ``link:`` and its query (model version, data vintage, changes)."""
    if scenario == Scenario():
        return BASELINE
    # Presets are the current release's stories: an earlier release's scenario stays a link.
    name = preset_name(scenario) if scenario.release.is_current else None
    return PRESET + name if name else LINK + urlencode(scenario.to_query())


NOT_A_LINK = N_(
    "That is not a link to a scenario. Copy the whole address from the browser, or use "
    "'Copy link' on the Simulator page."
)
NOT_OURS = N_(
    "That link is not a link to this app: it holds none of this app's settings, so it was "
    "not added. Open the scenario in this app and use 'Copy link' on the Simulator page, or "
    "copy the whole address from the browser."
)


def known_keys() -> frozenset[str]:
    """Every query key a link to this app can hold: model version, data vintage, the view
    settings and every parameter of every release."""
    keys = {VERSION_KEY, VINTAGE_KEY, *VIEW_DEFAULTS}
    for rel in RELEASES.values():
        keys.update(p.key for p in rel.params)
    return frozenset(keys)


def is_ours(query: str) -> bool:
    """True when a query string holds at least one key of this app's links (a key that came
    through an HTML e-mail as ``amp;key`` counts)."""
    keys = {k.strip().removeprefix("amp;") for k in parse_qs(query, keep_blank_values=True)}
    return not keys.isdisjoint(known_keys())


def read_link(text: str) -> tuple[str | None, Scenario | None, list[str]]:
    """A pasted link as ``(item, scenario, warnings)``; item and scenario are None (with the
    reason as the only warning) when the text is not a link to a scenario of this app: no
    query at all, or a query with none of this app's keys (a search engine's, a news site's)."""
    if len(text) > MAX_ITEM_CHARS:
        return None, None, [_("That text is too long to be a link to this app.")]
    query = link_query(text)
    if query is None:
        return None, None, [_(NOT_A_LINK)]
    if not is_ours(query):
        return None, None, [_(NOT_OURS)]
    scenario, warnings = scenario_from_query(query)
    return link_item(scenario), scenario, warnings


def label_for(item: str) -> str:
    """The name an item shows in the picker (before links are numbered)."""
    if item == CURRENT:
        return _("This scenario")
    if item == BASELINE:
        return _("Baseline")
    if item.startswith(PRESET):
        found = presets().get(item.removeprefix(PRESET))
        return found[0] if found else short(item)
    return _("Pasted link")


def _current_origin(current: Scenario) -> str:
    if current == Scenario():
        return _("The controls in the sidebar, now at the baseline")
    name = preset_name(current) if current.release.is_current else None
    if name:
        return _("The controls in the sidebar, now the preset '{preset}'").format(
            preset=presets()[name][0]
        )
    n = len(current.differences())
    if n == 1:
        return _("The controls in the sidebar: 1 assumption differs from the baseline")
    return _("The controls in the sidebar: {n} assumptions differ from the baseline").format(n=n)


def options(selected: Sequence[str]) -> list[str]:
    """Picker options: this scenario, the baseline, every preset that is not the baseline,
    and the links already in the comparison."""
    base = Scenario()
    out = [CURRENT, BASELINE]
    out += [PRESET + name for name, (_label, _story, s) in presets().items() if s != base]
    out += [item for item in selected if item.startswith(LINK) and item not in out]
    return out


def read_items(items: Sequence[str], current: Scenario) -> tuple[list[Entry], list[str]]:
    """Check the ``cmp`` items of a link.

    Returns the compared scenarios (at most :data:`MAX_SCENARIOS`, in order, each item
    canonical) and plain-English notes on every item that was dropped or adjusted. Never
    raises. An empty list gives the default comparison, this scenario and the baseline.
    """
    notes: list[str] = []
    entries: list[Entry] = []
    for item in _items(items):
        if len(entries) == MAX_SCENARIOS:
            notes.append(
                _(
                    "A comparison holds at most {max} scenarios; '{label}' and any later ones "
                    "were left out."
                ).format(max=MAX_SCENARIOS, label=short(label_for(item)))
            )
            break
        entry, more = _entry(item, current, entries)
        notes += more
        if entry is None:
            continue
        if entry.item in (e.item for e in entries):
            notes.append(
                _("'{label}' was listed twice; it is compared once.").format(label=entry.label)
            )
            continue
        if entry.label in (e.label for e in entries):  # two presets with one label
            entry = Entry(
                entry.item, f"{entry.label} ({len(entries) + 1})", entry.origin, entry.scenario
            )
        entries.append(entry)
    if not entries:
        entries, _notes = read_items(DEFAULT, current)
        notes.append(
            _("Nothing in the link could be compared; showing this scenario and the baseline.")
        )
    return entries, notes


def _items(items: Sequence[str] | str) -> list[str]:
    """The items of a ``cmp`` key, stripped, without empty ones; the default when none."""
    if isinstance(items, str):
        items = [items]
    return [str(i).strip() for i in items if str(i).strip()] or list(DEFAULT)


def _entry(
    item: str, current: Scenario, entries: Sequence[Entry]
) -> tuple[Entry | None, list[str]]:
    """The scenario one item names (None when it names none) and notes on reading it."""
    if item == CURRENT:
        return Entry(CURRENT, _("This scenario"), _current_origin(current), current), []
    if item == BASELINE:
        return _baseline_entry(), []
    if item.startswith(PRESET):
        return _preset_entry(item.removeprefix(PRESET))
    if item.startswith(LINK) and len(item) <= MAX_ITEM_CHARS:
        return _link_entry(item.removeprefix(LINK), current, entries)
    return None, [
        _("'{item}' is not a scenario this app can compare; left out.").format(item=short(item))
    ]


def _baseline_entry() -> Entry:
    return Entry(BASELINE, _("Baseline"), _("Reported plans and prices"), Scenario())


def _preset_entry(name: str) -> tuple[Entry | None, list[str]]:
    found = presets().get(name)
    if found is None:
        return None, [
            _("'{name}' is not a preset of this app; it was left out of the comparison.").format(
                name=short(name)
            )
        ]
    label, description, scenario = found
    if scenario == Scenario():
        return _baseline_entry(), []
    origin = _("Preset: {description}").format(description=description)
    return Entry(PRESET + name, label, origin, scenario), []


def _link_entry(
    query: str, current: Scenario, entries: Sequence[Entry]
) -> tuple[Entry | None, list[str]]:
    """A pasted link, named as the baseline or a preset when it is one, else 'Link <n>'."""
    scenario, warnings = scenario_from_query(query)
    canonical = link_item(scenario)
    if not canonical.startswith(LINK):
        entry, _notes = _entry(canonical, current, entries)
        return entry, [_("A compared link: {warning}").format(warning=w) for w in warnings]
    label = _("Link {n}").format(n=1 + sum(e.item.startswith(LINK) for e in entries))
    n = len(scenario.differences())
    rel = scenario.release
    if not rel.is_current:  # its numbers are its release's: say which
        origin = (
            _("A pasted link to model {version} (data as of {vintage}): that model's baseline")
            if n == 0
            else _(
                "A pasted link to model {version} (data as of {vintage}), with {n} of its "
                "assumptions changed from that model's baseline"
            )
        ).format(version=rel.version, vintage=rel.label, n=n)
    elif n == 1:
        origin = _("A pasted link: 1 assumption differs from the baseline")
    else:
        origin = _("A pasted link: {n} assumptions differ from the baseline").format(n=n)
    notes = [_("Compared {label}: {warning}").format(label=label, warning=w) for w in warnings]
    return Entry(canonical, label, origin, scenario), notes


def link_value(entries: Sequence[Entry]) -> list[str]:
    """What the ``cmp`` view key holds for a comparison: nothing for the default one."""
    items = [e.item for e in entries]
    return [] if items == DEFAULT else items
