"""How the model works: the chain in plain words, what the compute numbers count, the
equations, the calibration against chip physics, the demand fit and the checks against
public forecasts."""

import re

import pandas as pd
import streamlit as st

from simulator import CURRENT, Scenario, calibration
from simulator.analysis import FAN_DRAWS, accounting, demand_half_life, demand_points
from simulator.checks import FAR, public_checks
from simulator.i18n import N_, _
from simulator.timeline import month_label
from simulator.words import format_count
from ui import state
from ui.entry import run_inside_entrypoint
from ui.tables import company_text, month_words, unbroken
from ui.text import escape

run_inside_entrypoint()

baseline = Scenario()


# The words in the formulas (\text{...}), translated where a formula is shown.
TEX_WORDS = (
    N_("budget"),
    N_("fx"),
    N_("after the last reported year "),
    N_("money left"),
    N_("cap"),
    N_("open"),
    N_("Beijing"),
    N_("cap per customer"),
    N_("exports"),
    N_("controlled"),
    N_("owned"),
    N_("rented out"),
    N_("rented in"),
    N_("Jan 2026"),
    N_("tok/s"),
    N_("prompt"),
    N_("answer"),
    N_("capacity"),
    N_("served"),
    N_("demand"),
)


def _tex(formula: str) -> str:
    """A formula with its words (``\\text{...}``) in the reader's language."""
    return re.sub(r"\\text\{([^{}]*)\}", lambda m: r"\text{" + _(m.group(1)) + "}", formula)


def _number(value: float) -> str:
    return format_count(value) if value >= 1e6 else f"{value:,.0f}"


st.title(_("How the model works"))
st.markdown(
    _(
        """
The simulator follows the money, month by month from January 2025 to December 2030, for
ByteDance and Google alike. Both run through the same steps; they differ only in their data,
which runs to **{label}**. Everything before then is what was reported: the controls
act from July 2026 on.

1. **Budget.** Each company's AI capex for the year as reported (ByteDance ¥150 bn in 2025,
   more than ¥200 bn planned for 2026; Alphabet \\$91 bn in 2025, \\$180–190 bn guided for
   2026), then the budget-growth rate you choose. Yuan turn into dollars at the exchange rate.
2. **Chip money.** The part of the budget that buys or rents AI chips (ByteDance: ¥85 bn in
   2025, about ¥100 bn in 2026). The rest pays for buildings, power and networks.
3. **Where the chips come from.** ByteDance plans about half its chip money for compute
   abroad. In China it buys, cheapest compute first and each up to its cap, the Nvidia H20
   (until the US required licences in April 2025), the **H200** under US licences (none had
   arrived by June 2026: you choose when deliveries start, how many the US licenses, the
   75,000 cap per customer and whether Beijing lets ByteDance buy) and **domestic chips**
   (its share of China's output). Abroad its subsidiaries bought chips until the US required
   licences for them in June 2026; since then it **rents** GPUs from clouds abroad, which the
   rule does not cover, until you close that route. **Money that finds nothing to buy** is a
   headline number: it is what export controls do. Google buys its own TPUs and Nvidia GPUs.
4. **Fleet.** Chips start working after a deployment lag and retire after their useful
   life; rented GPUs count while they are paid for. Each vendor's chips bring more compute
   per dollar every year at its own rate (Huawei's more slowly than Nvidia's).
5. **Compute each company controls:** what it owns, **minus** what it rents out (Google's
   Cloud customers such as Anthropic and Meta), **plus** what it rents in (ByteDance's
   clusters abroad). Counted in **H100-equivalents** of dense BF16 arithmetic (one H100 =
   989 TFLOP/s).
6. **Tokens.** Chips serve tokens at the speed their physics allows: prompts are bound by
   arithmetic (at 8 bits where the chip has it), answers by memory bandwidth, so an H200
   serves faster than an H100 and an Ascend 910C (no FP8) slower than its BF16 rating. One
   fitted factor per company brings this to what the reports imply. **Demand** follows a
   curve fitted to every reported figure, with growth that slows. When demand presses,
   compute moves from training to serving, down to a minimum share for training. **Tokens
   served are the smaller** of demand and what the chips can serve.
"""
    ).format(label=CURRENT.label)
)

st.subheader(_("What the compute numbers count"))
now = accounting(state.projection(baseline), 2028)
st.markdown(
    _(
        """
"Compute" can mean what a company owns or what it can use for its own models. The charts and
the headline count **what each company controls**. In the baseline, at the end of 2028:

- counting what each **controls**, ByteDance has **{controlled}%** of Google's compute;
- counting what each **owns** (as Epoch AI counts chips), **{owned}%**: Google owns
  capacity its Cloud customers rent, and most of ByteDance's compute abroad is rented;
- counting only ByteDance's compute **in China**, **{in_china}%** of Google's.

The choice moves the headline more than any control. The *Assumptions & sources* page gives
each figure behind it, with its range.
"""
    ).format(
        controlled=f"{now['controlled']:.1f}",
        owned=f"{now['owned']:.1f}",
        in_china=f"{now['in_china']:.1f}",
    )
)

st.subheader(_("The equations"))
st.markdown(_("For company $c$ and month $t$ (flows per month, stocks at month end):"))
st.latex(
    _tex(
        r"B_c(t) = \frac{\text{budget}_c(y)}{12\,\cdot\,\text{fx}},\qquad "
        r"\text{budget}_c(y) = \text{budget}_c(y_0)\,(1+g_c)^{\,y-y_0}"
        r"\ \text{after the last reported year } y_0"
    )
)
st.latex(
    _tex(
        r"u_k(t) = \min\!\Big(\frac{\text{money left}_k(t)}{p_k},\ \frac{\text{cap}_k(t)}{12}\Big),"
        r"\qquad \text{cap}_{\text{H200}} = [t \ge t_{\text{open}}]\;"
        r"\text{Beijing}\;\min(\text{cap per customer},\ s \cdot \text{exports})"
    )
)
st.latex(
    _tex(
        r"C^{\text{controlled}}_c(t) = C^{\text{owned}}_c(t) - C^{\text{rented out}}_c(t)"
        r" + C^{\text{rented in}}_c(t)"
    )
)
st.latex(
    _tex(
        r"C^{\text{owned}}_c(t) = \sum_{t-L-U < \tau \le t-L}\ \sum_k u_k(\tau)\,"
        r"\frac{F_k}{F_{\mathrm{H100}}}\,{(1+\pi_{v(k)})^{(\tau - \text{Jan 2026})/12}}"
    )
)
st.caption(
    _(
        "L: deployment lag; U: useful life; F: dense BF16 FLOP/s per chip; π: the vendor's "
        "yearly gain in compute per dollar. The January 2025 fleets retire evenly."
    )
)
st.latex(
    _tex(
        r"\text{tok/s}_k = \left(f_{\text{prompt}}\,\frac{2N_c}{u_F\,F^{8}_k}"
        r" + f_{\text{answer}}\,\frac{N_c\,b_k}{u_M\,M_k\,\beta}\right)^{-1}"
    )
)
st.caption(
    _(
        "N: active parameters per token; F⁸: dense FP8 (or INT8) FLOP/s, BF16 with b = 2 bytes "
        "per weight where the chip has no 8-bit format; M: memory bandwidth; β: answers written "
        "per read of the weights; u: the shares of peak reached; f: the token mix (cached prompt "
        "tokens cost nothing)."
    )
)
st.latex(
    _tex(
        r"\text{capacity}_c(t) = r_c\,\sigma_c(t)\,(1+e)^{(t-t_v)/12}\,86\,400"
        r"\sum_k n_k(t)\,\text{tok/s}_k,\qquad"
        r"\text{served}_c(t) = \min\big(\text{demand}_c(t),\ \text{capacity}_c(t)\big)"
    )
)
st.latex(_tex(r"\ln \text{demand}_c(t) = a_c + g_c\,T\,\big(1 - e^{-(t-t_v)/T}\big)"))
st.caption(
    _(
        "r: the fitted residual; σ: the share of the compute that can serve the reported tokens "
        "which does (ByteDance: its compute in China and a share of what is abroad; Google: all "
        "it controls), up to 1 − the minimum training share − other uses when demand presses; "
        "e: the yearly efficiency gain; t_v: the data's last month. Demand: a and g per company "
        "and one T for both, least squares on the logarithm of every reported figure."
    )
)

st.subheader(_("Calibration: what the reports imply, next to chip physics"))
rows = calibration(baseline)
table = pd.DataFrame(
    {
        # (a short Chinese cell stays on one line: the table wraps on a phone)
        _("Company"): [unbroken(company_text(r["company"])) for r in rows],
        _("Busiest month"): [unbroken(month_label(r["month"])) for r in rows],
        _("Tokens a day"): [unbroken(format_count(r["tokens_per_day"])) for r in rows],
        _("Serving share"): [f"{r['serving_share']:.0%}" for r in rows],
        _("Implied tokens/s per serving H100e"): [
            f"{r['tokens_per_serving_h100e_per_second']:,.0f}" for r in rows
        ],
        _("Physics: tokens/s per H100"): [f"{r['physics_per_h100_per_second']:,.0f}" for r in rows],
        _("Share of physics reached (8 in 10 runs)"): [
            f"{r['residual']:.0%} ({r['residual_low']:.0%}–{r['residual_high']:.0%})" for r in rows
        ],
    }
)
st.table(table.set_index(_("Company")))  # an HTML table: wraps, never scrolls sideways
bytedance, google = rows
st.markdown(
    _(
        """
Each company's residual is set at its busiest reported month, with {headroom}
of the tokens served as serving capacity (spare capacity for the daily peak). For scale:
DeepSeek reported about **4,950 tokens a second per H800** averaged over its whole serving
fleet (March 2025) for a model with 37 billion active parameters; per active parameter that
is about {per_parameter} for ByteDance's 23-billion models. ByteDance's implied
{bytedance_rate} and Google's
{google_rate} sit within a factor of about three of
that benchmark.

**Why the two companies differ.** Google serves the tokens it reports with about
{google_share} of the compute it keeps: Search, Ads, YouTube and training take
most of the rest, and Cloud customers rent a further share. ByteDance's reported tokens are
served mostly in China, where much of its compute is older and slower at serving, while its
larger clusters abroad mostly train. The two companies do not count tokens the same way
either, so their growth is easier to compare than their levels.
"""
    ).format(
        headroom=f"{bytedance['headroom']:.0%}",
        per_parameter=f"{4950 * 37 / 23:,.0f}",
        bytedance_rate=f"{bytedance['tokens_per_serving_h100e_per_second']:,.0f}",
        google_rate=f"{google['tokens_per_serving_h100e_per_second']:,.0f}",
        google_share=f"{google['serving_share']:.0%}",
    )
)

st.subheader(_("Demand: one curve fitted to every report"))
points = demand_points(baseline)
half_life = demand_half_life(baseline)
st.markdown(
    _(
        "Growth halves about every **{years} years**, the same for both companies; each "
        "company's level and growth today are fitted to its own reports. Adding a report to "
        "`data/observations.csv` re-fits the curve. Every report lies within 25% of it:"
    ).format(years=f"{half_life:.1f}")
)
st.dataframe(
    pd.DataFrame(
        {
            _("Company"): [company_text(c) for c in points["company"]],
            _("Month"): [month_words(m) for m in points["month"]],
            _("Reported a day"): [format_count(v) for v in points["reported"]],
            _("Fitted a day"): [format_count(v) for v in points["fitted"]],
            _("Difference"): [f"{e:+.0f}%" for e in points["error"]],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(_("Checks against public forecasts"))
checks = public_checks(baseline)
st.dataframe(
    pd.DataFrame(
        {
            _("Figure"): checks["figure"],
            _("Model"): [_number(v) for v in checks["model"]],
            _("Outside estimate"): [
                _number(lo)
                if lo == hi
                else _("{low} to {high}").format(low=_number(lo), high=_number(hi))
                for lo, hi in zip(checks["low"], checks["high"], strict=True)
            ],
            _("Ratio"): ["—" if pd.isna(r) else f"{r:.2f}" for r in checks["ratio"]],
            _("Source"): checks["source"],
        }
    ),
    hide_index=True,
    width="stretch",
    column_config={_("Source"): st.column_config.LinkColumn(_("Source"), display_text=_("source"))},
)
for _key, row in checks[checks["far"]].iterrows():
    st.markdown(
        _(
            "- **{figure}**: the model is more than {far} times away from the outside "
            "estimate. {why}"
        ).format(figure=escape(row["figure"]), far=f"{FAR:g}", why=escape(row["why"]))
    )

st.subheader(_("Uncertainty and what matters most"))
st.markdown(
    _(
        """
**Show uncertainty** runs the model {draws} times at once. In each run every control
(from July 2026) and every estimate (throughout) moves within its range, drawn from a
triangle that peaks at the value you set; an event that has not happened (the first H200
deliveries, closing the remote-access route) stays out of the horizon in about half the
runs. Runs that do not reproduce every reported figure within its stated error, or whose
chips would serve faster than their physics allows, are dropped; the page says how many
remain. The shaded bands show where 8 in 10 and 5 in 10 of them land, and widen with the
horizon. The draws are seeded from the scenario itself, so the same link always shows the
same bands. The *Track record* page shows how often later reports fell inside an earlier
release's bands.

**What matters most?** moves one assumption at a time to the low and the high end of its
range, the others as you set them, and ranks the assumptions by how much the chosen result
moves.
"""
    ).format(draws=f"{FAN_DRAWS:,}")
)
