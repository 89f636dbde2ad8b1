"""The printed report: page groups, the static map on paper, and report.pdf (plan --pdf)."""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from network.texts import texts_for
from scenarios.cli import main
from scenarios.pdf import CHROMIUM_ENV, PdfError, find_chromium, print_to_pdf, report_pdf
from scenarios.print_map import draw_static_map, plan_routes, village_statuses
from scenarios.publish import write_outputs
from scenarios.report import render_report
from scenarios.runner import PlanRun, run_plan
from scenarios.schema import load_scenario

TINY = Path(__file__).parent / "fixtures" / "tiny"
COUNTY = "测试县"
SECTION = re.compile(r'<section class="part[^"]*">(.*?)</section>', re.S)


def _chinese_tiny(folder: Path) -> Path:
    shutil.copytree(TINY, folder, dirs_exist_ok=True)
    scenario = folder / "scenario.toml"
    text = scenario.read_text(encoding="utf-8").replace('name = "tiny"', f'name = "{COUNTY}"')
    scenario.write_text(text, encoding="utf-8")
    return scenario


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> PlanRun:
    scenario = _chinese_tiny(tmp_path_factory.mktemp("county"))
    return run_plan(load_scenario(scenario), fast=True)


@pytest.fixture(scope="module")
def outputs(run: PlanRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("out")
    write_outputs(run, folder)
    return folder


def _headings(report: str) -> list[str]:
    """Each page group's first heading (the map's group has none), in order."""
    found = []
    for section in SECTION.findall(report):
        first = re.match(r"\s*<h2>(.*?)</h2>", section, re.S)
        if first is not None:
            found.append(html.unescape(re.sub(r"<[^>]+>", "", first.group(1))).strip())
        else:
            assert 'class="print-only"' in section, "a part without a heading is the map"
    return found


def test_every_part_is_a_page_group_and_the_map_has_a_paper_form(outputs: Path) -> None:
    report = (outputs / "report.html").read_text(encoding="utf-8")
    assert len(SECTION.findall(report)) >= 6
    assert report.count("<section") == len(SECTION.findall(report))  # none nested
    assert len(_headings(report)) == len(SECTION.findall(report)) - 1
    screen, paper = report.index('class="screen-only"'), report.index('class="print-only"')
    assert "<iframe" in report[screen:paper] and "<iframe" not in report[paper:]
    style = report[: report.index("</style>")]
    for rule in (
        "section.part{break-before:page}",
        "thead{display:table-header-group}",
        "tr,td,th{break-inside:avoid}",
        ".screen-only,iframe{display:none!important}",
    ):
        assert rule in style


def test_static_map_draws_every_village_hub_and_route(run: PlanRun) -> None:
    routes = plan_routes(run)
    assert routes is not None and routes["features"]
    zh = texts_for("zh")
    svg = draw_static_map(run.network, run.coverage, routes, tr=zh)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    for node in (*run.network.townships, *run.network.county_dcs):
        assert node.name in texts
    statuses = set(village_statuses(run.coverage).values())
    markers = len(run.network.villages) + len(run.network.townships)
    markers += len(run.network.county_dcs)
    assert svg.count("<use") == markers + len(statuses) + 2  # + one legend mark each
    lines = re.findall(r"stroke: #555555; stroke-opacity: 0.55", svg)
    assert len(lines) == len(routes["features"])
    assert re.search(r">\d+(\.\d+)? 公里<", svg), "a scale bar"
    assert {"县级仓储配送中心", "乡镇服务站"} <= set(texts), "the legend in the run's language"
    assert svg == draw_static_map(run.network, run.coverage, routes, tr=zh)  # same plan, same bytes
    english = draw_static_map(run.network, run.coverage, routes, tr=texts_for("en"))
    assert "county DC" in re.findall(r"<text[^>]*>([^<]*)</text>", english)


def test_same_run_same_report_bytes(run: PlanRun) -> None:
    """Font subset, charts and static map are deterministic: the report can be diffed."""
    tr = texts_for("zh")
    assert render_report(run, tr=tr) == render_report(run, tr=tr)


def _page_texts(pdf: Path) -> list[str]:
    """Each page's text, without its page number (checked: "3 / 12" on the third of 12)."""
    pages = [page.extract_text() or "" for page in PdfReader(pdf).pages]
    texts = []
    for number, text in enumerate(pages, start=1):
        lines = text.splitlines()
        assert f"{number} / {len(pages)}" in lines, f"page {number} has no page number"
        lines.remove(f"{number} / {len(pages)}")
        texts.append("\n".join(lines))
    return texts


@pytest.mark.browser
def test_pdf_has_one_page_group_per_section(run: PlanRun, outputs: Path) -> None:
    if find_chromium() is None:
        pytest.skip("Chromium is not installed (make test installs it where it can)")
    outcome = report_pdf(outputs)
    assert outcome.warning is None and outcome.path == outputs / "report.pdf"
    assert not [p for p in outputs.iterdir() if p.name.endswith(".partial")]
    pages = _page_texts(outcome.path)
    headings = _headings((outputs / "report.html").read_text(encoding="utf-8"))
    firsts = [text.strip().splitlines()[0] if text.strip() else "" for text in pages]
    assert firsts[0].startswith(COUNTY)  # the title page opens with the county
    assert headings[0] in pages[0].splitlines()[:4]  # the first part shares it
    starts = []
    for heading in headings[1:]:
        assert heading in firsts, f"{heading!r} does not start a page: {firsts}"
        starts.append(firsts.index(heading))
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert len(pages) >= len(headings) + 1  # + the static map's page
    map_page = next(i for i, text in enumerate(pages) if " 公里" in text)  # the scale bar
    assert all(t.name in pages[map_page] for t in run.network.townships)


def _plan(scenario: Path, out: Path, *extra: str) -> int:
    return main(["plan", str(scenario), "--out", str(out), "--fast", "--quiet", *extra])


def test_plan_pdf_without_chromium_is_one_warning_and_a_whole_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(CHROMIUM_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no Chromium anywhere
    scenario = _chinese_tiny(tmp_path / "county")
    assert _plan(scenario, tmp_path / "out", "--pdf") == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "report.pdf" in line]
    assert len(warnings) == 1  # in the run's language, Chinese by default
    assert warnings[0].startswith("警告：未生成 report.pdf：未找到无界面 Chromium")
    assert CHROMIUM_ENV in warnings[0]
    assert (tmp_path / "out" / "report.html").is_file()
    assert not (tmp_path / "out" / "report.pdf").exists()


@pytest.mark.browser
def test_plan_pdf_writes_report_pdf_inside_the_swapped_folder(tmp_path: Path) -> None:
    if find_chromium() is None:
        pytest.skip("Chromium is not installed (make test installs it where it can)")
    scenario = _chinese_tiny(tmp_path / "county")
    assert _plan(scenario, tmp_path / "out", "--pdf") == 0
    pdf = tmp_path / "out" / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-") and len(PdfReader(pdf).pages) >= 6
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".partial")]


# A stand-in for Chromium that never finishes and has a child of its own, as Chromium does.
FAKE = """#!/bin/sh
sleep 300 &
echo "$$ $!" > "{pids}"
wait
"""


@pytest.fixture
def fake_chromium(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    pids = tmp_path / "pids"
    exe = tmp_path / "fake-chromium"
    exe.write_text(FAKE.format(pids=pids), encoding="utf-8")
    exe.chmod(0o755)
    yield exe, pids
    if pids.exists():  # never leave the stand-in behind, whatever the test found
        for pid in map(int, pids.read_text().split()):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def _wait_for(path: Path, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not (path.exists() and len(path.read_text().split()) == 2):
        assert time.monotonic() <= deadline, f"{path} never appeared"
        time.sleep(0.05)


def _page(folder: Path) -> Path:
    page = folder / "report.html"
    page.write_text("<!DOCTYPE html><p>长春镇</p>", encoding="utf-8")
    return page


def test_chromium_past_its_time_limit_is_stopped_whole(
    tmp_path: Path, fake_chromium: tuple[Path, Path]
) -> None:
    exe, pids = fake_chromium
    started = time.monotonic()
    with pytest.raises(PdfError, match="did not finish within 3 s"):
        print_to_pdf(_page(tmp_path), tmp_path / "report.pdf", chromium=str(exe), timeout_s=3)
    assert time.monotonic() - started < 30
    _wait_for(pids, timeout_s=0)  # it had started (and had its child) before it was stopped
    assert [pid for pid in map(int, pids.read_text().split()) if _alive(pid)] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake-chromium", "pids", "report.html"]


def test_ctrl_c_while_printing_leaves_no_chromium_and_no_pdf(
    tmp_path: Path, fake_chromium: tuple[Path, Path]
) -> None:
    exe, pids = fake_chromium
    page = _page(tmp_path)
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from scenarios.interrupts import run_interruptible
        from scenarios.pdf import print_to_pdf

        def command():
            print_to_pdf(Path({str(page)!r}), Path({str(tmp_path / "report.pdf")!r}),
                         chromium={str(exe)!r}, timeout_s=120)
            return 0

        raise SystemExit(run_interruptible(command, say=print, exit_process=True))
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=Path.cwd()
    )
    try:
        _wait_for(pids)
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130 and "interrupted: nothing written" in out
    assert [pid for pid in map(int, pids.read_text().split()) if _alive(pid)] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake-chromium", "pids", "report.html"]


def _processes_mentioning(marker: str) -> list[int]:
    """Live processes whose command line holds ``marker``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline and _alive(int(proc.name)):
            found.append(int(proc.name))
    return found


@pytest.mark.browser
def test_ctrl_c_stops_every_real_chromium_process(tmp_path: Path) -> None:
    exe = find_chromium()
    if exe is None:
        pytest.skip("Chromium is not installed (make test installs it where it can)")
    # Chromium's profile goes here, so its processes name it (short: Chromium puts sockets in
    # TMPDIR, and a socket path longer than 107 bytes makes it abort).
    own_tmp = Path(tempfile.mkdtemp(prefix="clpdf-"))
    page = tmp_path / "report.html"
    page.write_text("<!DOCTYPE html><p>长春镇</p><script>for (;;) {}</script>", encoding="utf-8")
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from scenarios.interrupts import run_interruptible
        from scenarios.pdf import print_to_pdf

        def command():
            print_to_pdf(Path({str(page)!r}), Path({str(tmp_path / "report.pdf")!r}),
                         chromium={exe!r}, timeout_s=120)
            return 0

        raise SystemExit(run_interruptible(command, say=print, exit_process=True))
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(own_tmp)},
    )
    try:
        deadline = time.monotonic() + 30
        while len(_processes_mentioning(str(own_tmp))) < 2:  # the browser and its helpers
            assert time.monotonic() < deadline, "Chromium never started"
            time.sleep(0.05)
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
        left = _processes_mentioning(str(own_tmp))
    finally:
        if process.poll() is None:
            process.kill()
        for pid in _processes_mentioning(str(own_tmp)):
            os.kill(pid, signal.SIGKILL)  # only what this test started
        profiles = list(own_tmp.iterdir())
        shutil.rmtree(own_tmp, ignore_errors=True)
    assert process.returncode == 130 and "interrupted: nothing written" in out
    assert left == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
    assert profiles == []  # the profile is gone too


def _fake(folder: Path, body: str) -> Path:
    exe = folder / "fake-chromium"
    exe.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    exe.chmod(0o755)
    return exe


def test_chromium_is_taken_from_the_environment_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = _fake(tmp_path, "exit 0\n")
    monkeypatch.setenv(CHROMIUM_ENV, str(exe))
    assert find_chromium() == str(exe)
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "missing"))
    assert find_chromium() is None  # a wrong setting is not silently replaced by PATH's
    warning = str(report_pdf(tmp_path).warning or "")
    assert warning.startswith(f"report.pdf skipped: {CHROMIUM_ENV}={tmp_path / 'missing'} is not")
    monkeypatch.delenv(CHROMIUM_ENV)
    monkeypatch.setenv("PATH", str(tmp_path))
    (tmp_path / "chromium").symlink_to(exe)
    assert find_chromium() == str(tmp_path / "chromium")


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ('echo "something broke" >&2\nexit 3\n', "exited with code 3: something broke"),
        ('for a; do case $a in --print-to-pdf=*) echo hi > "${a#*=}";; esac; done\n', "not a PDF"),
    ],
)
def test_a_failed_print_is_one_warning_and_no_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, why: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    _page(folder)
    monkeypatch.setenv(CHROMIUM_ENV, str(_fake(tmp_path, body)))
    outcome = report_pdf(folder)
    assert outcome.path is None and outcome.warning is not None
    warning = str(outcome.warning)
    assert warning.startswith("report.pdf not written: ") and why in warning
    assert "\n" not in warning
    assert outcome.warning.render(texts_for("zh")).startswith("未生成 report.pdf：")
    assert sorted(p.name for p in folder.iterdir()) == ["report.html"]
