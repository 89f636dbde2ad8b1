"""Scripts a county planner copies and edits: each answers one "what if" with the library API.

Run one with ``python -m scenarios.scripts.NAME --out DIR [--fast]``; each writes its results
into ``DIR`` and prints a short summary. ``--fast`` uses short solver limits (a smoke run) and
leaves nothing out; ``--small`` (all but ``baseline``) runs on a few townships and says so, and
``baseline --skip SECTION ...`` leaves sections out and says so. What a script prints (and
``baseline``'s report) is in Chinese unless ``--lang en``; its CSV and JSON files keep English
keys for machines.

- ``baseline``: the demo county plan, every output file and the headline figures.
- ``shared_vs_separate``: shared routes against each carrier driving alone.
- ``add_township_hub``: an extra hub in the northern townships, before and after.
- ``kelp_peak_coldchain``: cold chain sized for a spring peak with 30 % more kelp.
- ``subsidy_policies``: parity subsidy caps compared: yearly draw, months of fund left.
- ``cost_path``: five years of cost per parcel as parcels grow.
- ``bus_lines``: vans only against vans + rural passenger buses; township outlets.
"""
