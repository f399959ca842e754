"""The charts' look in one place: colours, dash patterns, opacities and heights.

Colours are Okabe-Ito, safe for every kind of colour vision. Each company keeps one colour
on every chart; the compared scenarios take colours the companies do not use, each with its
own dash pattern, so that lines stay apart in print too.
"""

# ---------------------------------------------------------------- the Simulator page
COMPANY_COLORS = {"ByteDance": "#0072B2", "Google": "#E69F00"}
# ByteDance's procurement channels, in channels.csv order
CHANNEL_PALETTE = ("#CC79A7", "#009E73", "#D55E00", "#56B4E9", "#000000")
UNSPENT_COLOR = "#8C8C8C"  # chip money with no chips to buy
# A reference line, dashed: the baseline (faint, in the company's colour or in black), or
# this scenario's result on the what-matters-most chart.
REFERENCE_COLOR = "black"
REFERENCE_DASH = [4, 3]
BASELINE_OPACITY = 0.35
BAND_OPACITY = (0.15, 0.3)  # the wide and the narrow uncertainty band (analysis.RANGES)
HEIGHT = 300

# ---------------------------------------------------------------- analysis charts
RAISES_COLOR, LOWERS_COLOR = "#009E73", "#D55E00"  # a higher value raises / lowers the result
BINDS_COLOR, SLACK_COLOR = COMPANY_COLORS["ByteDance"], "#E8EEF4"  # ByteDance's constraints
TEXT_COLOR = "#31333F"  # Streamlit's text colour, for names written on a chart
NOTE_COLOR = "#4B5058"  # small print on exported charts (7.6:1 on white)

# ---------------------------------------------------------------- the Compare page
# Okabe-Ito without the two company colours (#0072B2, #E69F00) and the pale yellow: the
# scenario in position 1 is always black, 2 vermillion, and so on, with a dash pattern each
# so that lines stay apart in print and for every kind of colour vision.
PALETTE = ("#000000", "#D55E00", "#009E73", "#CC79A7")
DASHES = ([1, 0], [8, 4], [2, 3], [10, 3, 2, 3])
LINE_NAMES = ("solid black line", "dashed red line", "dotted green line", "dash-dot pink line")
COMPARE_HEIGHT = 340  # with the legend and the axis
