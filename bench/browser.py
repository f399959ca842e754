"""Browser benchmark of the app against the framework floor (a one-slider Streamlit app).

Prints, for the Simulator page, for bench/floor_app.py (one slider, one metric, one chart)
and for bench/content_app.py (the content the Simulator's brief asks for, with no model):
the median and 95th percentile time from a slider key press to the updated headline number
(in-page, keydown to text change), and the time from `streamlit run` to the first chart
visible. The content reference separates what Streamlit costs for that much content from
what this app adds to it; the same page with the Simulator's nine main controls
(``?controls=9``) tells what the number of controls alone costs.

On two cores the browser, the server and Playwright share the processors, and one series
of presses can be a third slower than the next. The content reference and the Simulator
are therefore measured in alternating rounds (content, content with nine controls,
Simulator, Simulator with uncertainty; again), all presses of a page pooled, and the ratio
is also given round by round: a change in the machine's load weighs on both sides of it.
Five rounds by default: with three, the pooled ratio of one run to the next varied by
about 0.15 (1.03x to 1.19x for the same code).

    .venv/bin/python bench/browser.py [--presses 20] [--rounds 5] [--starts 3]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench.browser_latency import (  # noqa: E402
    FLOOR_APP,
    _first_chart_timings,
    _summary,
    measure_slider_latency,
)
from support.browser_harness import StreamlitServer  # noqa: E402

APP = "streamlit_app.py"
CONTENT_APP = "bench/content_app.py"
# (name, query, slider label, metric label): a main control whose every step moves
# the first headline number.
CASES = [
    ("Simulator", "?v=2", "Share of Google's compute rented", "ByteDance compute, %"),
    (
        "Simulator, uncertainty on",
        "?v=2&bands=1",
        "Share of Google's compute rented",
        "ByteDance compute, %",
    ),
]
CONTENT = "content reference: the brief's content, no model"
# The same with the Simulator's count of main controls: what nine controls cost in Streamlit
CONTENT_NINE = "content reference with nine controls (?controls=9)"
TARGET_RATIO = 1.15  # against bench/content_app.py (the content with no model)
TARGET_FIRST_CHART_S = 5.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=20, help="per page and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--starts", type=int, default=3)
    args = parser.parse_args(argv)

    with StreamlitServer(FLOOR_APP) as server:
        floor = measure_slider_latency(server.url, "Floor value", "Value", args.presses)
    names = [CONTENT, CONTENT_NINE] + [f"app: {name}" for name, *_ in CASES]
    pooled: dict[str, list[float]] = {name: [] for name in names}
    by_round: list[dict[str, float]] = []
    with StreamlitServer(CONTENT_APP) as content_server, StreamlitServer(APP) as app_server:
        for _ in range(args.rounds):
            medians = {}
            runs = [
                (CONTENT, content_server.url, "Floor value", "Value"),
                (CONTENT_NINE, content_server.url + "/?controls=9", "Floor value", "Value"),
            ] + [
                (f"app: {name}", app_server.url + "/" + query, slider, metric)
                for name, query, slider, metric in CASES
            ]
            for name, url, slider, metric in runs:
                stats = measure_slider_latency(url, slider, metric, args.presses)
                pooled[name] += stats["values"]
                medians[name] = stats["median"]
            by_round.append(medians)

    content = _summary(pooled[CONTENT])
    rows = [("floor: one slider, one chart", floor)]
    rows += [(name, _summary(values)) for name, values in pooled.items()]
    print(
        f"Key press -> updated headline number, ms ({args.presses} presses per page and "
        f"round, {args.rounds} rounds pooled)\n"
    )
    print("| page | median | p95 | min | max | x floor | x content reference |")
    print("|---|---|---|---|---|---|---|")
    for name, s in rows:
        print(
            f"| {name} | {s['median']:.1f} | {s['p95']:.1f} | {s['min']:.1f} | "
            f"{s['max']:.1f} | {s['median'] / floor['median']:.2f} | "
            f"{s['median'] / content['median']:.2f} |"
        )
    print("\nRound by round, median of the round against the content reference's:\n")
    print("| round | content reference, ms | " + " | ".join(names[1:]) + " |")
    print("|---|---|" + "---|" * len(names[1:]))
    for i, medians in enumerate(by_round, start=1):
        reference = medians[CONTENT]
        ratios = " | ".join(f"{medians[n]:.1f} ({medians[n] / reference:.2f}x)" for n in names[1:])
        print(f"| {i} | {reference:.1f} | {ratios} |")
    print(
        f"\nTargets: the Simulator within {TARGET_RATIO}x of the content reference; with "
        "uncertainty on, within 2x of the Simulator without it.\n"
    )

    print(f"`streamlit run` -> first chart visible, s ({args.starts} cold starts each)\n")
    print("| app | median | min | max |")
    print("|---|---|---|---|")
    for script in (FLOOR_APP, APP):
        s = _summary([_first_chart_timings(script)["first_chart_s"] for _ in range(args.starts)])
        print(f"| {script} | {s['median']:.2f} | {s['min']:.2f} | {s['max']:.2f} |")
    print(f"\nTarget: first chart in under {TARGET_FIRST_CHART_S:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
