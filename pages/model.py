"""How the model works: the chain in plain words, then the equations and calibration."""

import streamlit as st

from simulator.analysis import FAN_DRAWS
from simulator.engine import calibration
from simulator.words import format_count
from ui.entry import run_inside_entrypoint

run_inside_entrypoint()

st.title("How the model works")
st.markdown(
    """
The simulator follows the money, month by month from January 2025 to December 2030, for
ByteDance and Google alike. Both run through the same steps; they differ only in their data.

1. **Budget.** Each company's AI budget for the year: ByteDance ¥150 bn in 2025 and ¥160 bn
   planned for 2026; Alphabet \\$91 bn in 2025 and \\$175–185 bn guided for 2026. After that
   it grows by the budget-growth rate you choose. Yuan turn into dollars at the exchange rate.
2. **Chip money.** A share of the budget buys AI chips (ByteDance: ¥85 bn of ¥160 bn). The rest
   pays for buildings, power and networks.
3. **Where the chips come from.** ByteDance spends a share abroad, on Nvidia chips in data
   centres outside China. In China it can buy Nvidia H200 chips under US export licences
   (from mid-February 2026, capped by the export volume and ByteDance's share of it) and
   Chinese chips such as Huawei's Ascend (capped by supply). It buys the cheaper compute
   first, up to each cap. **Money that hits a cap finds no chips to buy**: that is what export
   controls do. Google buys its own TPUs and Nvidia GPUs, with no caps.
4. **Fleet.** Chips start working after a deployment lag and retire after their useful life.
   New chips other than the H200 give more compute per dollar each year.
5. **Compute.** Installed chips times their speed, counted in **H100-equivalents**: one
   Nvidia H100 does 989 trillion operations a second (dense BF16).
6. **Tokens.** Tokens are the pieces of text AI models read and write. The chips serving users
   can handle a number of tokens a day, which grows as models and software get more efficient.
   Users ask for a number of tokens, growing from the reported usage. **Tokens served are the
   smaller of the two**, so the controls matter most where compute runs out.
"""
)

st.subheader("The equations")
st.markdown("For company $c$ and month $t$ (flows per month, stocks at month end):")
st.latex(
    r"B_c(t) = \frac{\text{budget}_c(y)}{12\,\cdot\,\text{fx}_c},\qquad "
    r"\text{budget}_c(y) = \text{budget}_c(y_0)\,(1+g_c)^{\,y-y_0}"
    r"\ \text{after the last reported year } y_0"
)
st.latex(r"S_c(t) = s_c\,B_c(t)\quad\text{(chip money; } s_c \text{ = share of budget on chips)}")
st.latex(
    r"u_k(t) = \min\!\Big(\frac{\text{money left}_k(t)}{p_k(t)},\ \frac{\text{cap}_k}{12}\Big),"
    r"\qquad p_k(t) = p_k\,(1+\pi)^{-(t-\text{Jan 2026})/12}"
)
st.caption(
    "Capped channels (H200, domestic) are filled in order of cost per H100-equivalent; "
    "the H200's price does not fall (it is one fixed chip). Chip money left over after the "
    "caps is the budget with no chips to buy."
)
st.latex(
    r"C_c(t) = \sum_{t-L-U < \tau \le t-L} \sum_k u_k(\tau)\,\frac{F_k}{F_{\mathrm{H100}}}"
    r" \;+\; C_c^{0}\,\max\!\Big(0, 1-\frac{t+1}{U}\Big)"
)
st.caption(
    "L: deployment lag (months); U: useful life (months); F: dense BF16 FLOP/s per chip; "
    "C⁰: the fleet in January 2025, retiring evenly."
)
st.latex(
    r"\text{capacity}_c(t) = k_c\,\sigma_c\,C_c(t)\,(1+e)^{(t-t^*_c)/12},\qquad"
    r"\text{served}_c(t) = \min\big(\text{demand}_c(t),\ \text{capacity}_c(t)\big)"
)
st.caption(
    "σ: share of compute serving users; e: efficiency gain per year; demand follows the "
    "reported usage (log-linear between reports) and then grows at the demand-growth rate."
)

st.subheader("Calibration")
st.markdown(
    "The constant $k_c$ (tokens a day per serving H100-equivalent) is set once, on the "
    "baseline, so that the model serves exactly the reported tokens at the calibration month "
    "with some spare capacity (headroom). Every other scenario keeps these constants."
)
rows = [
    {
        "Company": r["company"],
        "Calibration month": r["month"],
        "Reported tokens per day": format_count(r["tokens_per_day"]),
        "Spare capacity then": f"{(r['headroom'] - 1) * 100:.0f}%",
        "Implied tokens per second per serving H100e": (
            f"{r['tokens_per_serving_h100e_per_second']:,.0f}"
        ),
    }
    for r in calibration()
]
st.dataframe(rows, hide_index=True, width="stretch")
st.caption(
    "For scale: DeepSeek reported about 4,950 tokens a second per H800 GPU averaged over its "
    "whole serving fleet (March 2025). Google's much lower figure reflects larger models and "
    "compute counted for uses other than the 43 trillion reported tokens."
)

st.subheader("Uncertainty and what matters most")
st.markdown(
    f"""
**Show uncertainty** runs the model {FAN_DRAWS:,} times at once. In each run every
assumption moves within its range (see *Assumptions & sources*), drawn from a triangle
that peaks at the value you set. The shaded bands show where 8 in 10 and 5 in 10 runs land.
The draws are seeded from the scenario itself, so the same link always shows the same bands.

**What matters most?** moves one assumption at a time to the low and the high end of its
range, the others as you set them, and ranks the assumptions by how much the chosen result
moves. All of it is one vectorised call of the same engine.
"""
)
