"""One module per released model version: ``v1`` (February 2026 data), ``v2`` (June 2026).

A released model never changes: a share link names its model version, and opening it
runs that version's code on that version's data folder (see :mod:`simulator.releases`),
so the reader sees exactly the numbers the sender saw. A new release adds a module here
(usually a copy of the latest one, then edited) and archives its data; it never edits
an older one. Every module offers the same functions:

- ``simulate(P, ds)``: (company metrics, per-channel metrics) for a (draw, parameter)
  matrix ``P`` in registry units, arrays shaped (draw, company, month);
- ``sample(values, ds, n, seed)``: ``n`` parameter sets around a scenario's values;
- ``accept(company, channels, ds)``: which draws reproduce the reported figures;
- ``calibration(ds)``: the calibration points and what they imply, for the model page;
- ``REQUIRES``: the parameters and channels the code reads, checked when data loads.
"""
