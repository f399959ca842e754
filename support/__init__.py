"""Code shared by the tests and the benchmarks, not part of the app: ``browser_harness``
runs a real Streamlit server and Debian's chromium."""
