"""Map size, load time and panning smoothness for the demo county and for 5,000 villages.

    python -m benchmarks.map_render [--villages 5000] [--runs 5]

Builds inline offline maps (``maps.save``) of a synthetic county with the demo's 320 villages
and with ``--villages``, then opens each in headless Chromium (Playwright driving
/usr/bin/chromium) and measures: time until every village marker is drawn, and frame times
while the map pans continuously (a requestAnimationFrame loop panning 15 px per frame for 180
frames). Prints medians over ``--runs`` and the ratio large/demo. Needs Chromium and the
``playwright`` package (dev extra); no browser download.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import numpy as np

from maps import PlanLayers, coverage_map, save
from network import Network, Node, Tier, coverage_report, distance_matrix
from network.texts import DEFAULT_LANG, texts_for

PAN_SCRIPT = """
() => new Promise((resolve) => {
  const map = Object.values(window).find((v) => v && v instanceof L.Map);
  const times = [];
  let last = performance.now();
  let frame = 0;
  function step(now) {
    times.push(now - last);
    last = now;
    map.panBy([15, frame % 60 < 30 ? 6 : -6], {animate: false});
    frame += 1;
    if (frame < 180) { requestAnimationFrame(step); } else { resolve(times.slice(5)); }
  }
  requestAnimationFrame(step);
})
"""


def synthetic_county(n_villages: int, *, seed: int = 0) -> Network:
    """A county of ``n_villages`` around 120 E, 26.8 N with 15 townships (WGS-84)."""
    rng = np.random.default_rng(seed)
    nodes = [Node("C", "county DC", Tier.COUNTY, 120.0, 26.88)]
    town_xy = rng.uniform([119.8, 26.55], [120.25, 27.05], size=(15, 2))
    for t, (lon, lat) in enumerate(town_xy):
        nodes.append(Node(f"T{t}", f"township {t}", Tier.TOWNSHIP, lon, lat, parent="C"))
    for v in range(n_villages):
        t = int(rng.integers(15))
        lon, lat = town_xy[t] + rng.normal(0, 0.03, 2)
        nodes.append(
            Node(
                f"V{v}",
                f"village {v}",
                Tier.VILLAGE,
                float(lon),
                float(lat),
                parent=f"T{t}",
                poor=bool(rng.random() < 0.15),
                parcels_down_per_day=30.0,
            )
        )
    return Network(nodes, name=f"synthetic {n_villages}")


def build_map(n_villages: int, folder: Path) -> Path:
    """An inline map of a synthetic county with coverage from a few service points."""
    net = synthetic_county(n_villages)
    points = [n.id for n in net.villages[:: max(1, n_villages // 60)]]
    report = coverage_report(net, service_points=points, matrix=distance_matrix(net))
    return save(
        coverage_map(net, tr=texts_for(DEFAULT_LANG), plan=PlanLayers(coverage=report)),
        folder / f"map_{n_villages}.html",
    )


def measure(page_path: Path, runs: int) -> dict[str, float]:
    """Median load time (ms) and frame times (ms) while panning, over ``runs`` page loads."""
    from playwright.sync_api import sync_playwright

    loads, medians, p95s = [], [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_path.as_uri(), wait_until="load")
            page.wait_for_function("document.body.hasAttribute('data-village-markers')")
            loads.append(page.evaluate("performance.now()"))
            frames = page.evaluate(PAN_SCRIPT)
            medians.append(statistics.median(frames))
            p95s.append(float(np.percentile(frames, 95)))
            page.close()
        browser.close()
    return {
        "load_ms": statistics.median(loads),
        "frame_median_ms": statistics.median(medians),
        "frame_p95_ms": statistics.median(p95s),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not Path("/usr/bin/chromium").exists():
        print("skipped: /usr/bin/chromium is not installed (apt-get install chromium)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for n in (320, args.villages):
            path = build_map(n, Path(tmp))
            figures = measure(path, args.runs)
            results[n] = figures
            print(
                f"{n:>6} villages: {path.stat().st_size / 1e6:5.2f} MB inline, "
                f"drawn in {figures['load_ms']:7.0f} ms, panning frame median "
                f"{figures['frame_median_ms']:5.1f} ms (p95 {figures['frame_p95_ms']:5.1f} ms, "
                f"~{1000 / figures['frame_median_ms']:.0f} fps)"
            )
        small, large = results[320], results[args.villages]
        print(
            f"ratio {args.villages}/320: load x{large['load_ms'] / small['load_ms']:.2f}, "
            f"frame median x{large['frame_median_ms'] / small['frame_median_ms']:.2f} "
            f"(medians of {args.runs} runs; headless software rendering on a shared machine)"
        )


if __name__ == "__main__":
    main()
