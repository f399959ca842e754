"""Let the elements drawn so far leave the server before the script computes the rest."""

from time import sleep

# Measured with bench/browser.py's alternating rounds: 2-3 ms brought the Simulator's key
# press from about 1.14-1.24x of the content reference to about 1.00-1.07x; 1 ms and a
# bare switch (0) less, 6 ms no better.
YIELD_S = 0.002


def send_now() -> None:
    """Hand the interpreter to Streamlit's sender for a moment.

    Streamlit sends a run's elements from its event-loop thread, which needs the
    interpreter lock that the script's thread holds while it computes. Without a pause the
    headline numbers wait 10-20 ms behind the charts' work, then reach the browser in one
    burst with the charts, and the browser shows them only once it has drawn the charts
    too. A short sleep releases the lock: what is drawn so far is sent at once, and the
    browser shows it while the server computes the rest.
    """
    sleep(YIELD_S)
