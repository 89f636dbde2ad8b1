"""report.pdf: the printed report, made by headless Chromium from report.html.

Chromium is found as :data:`CHROMIUM_ENV` names it, else as ``chromium``,
``chromium-browser``, ``google-chrome`` or ``google-chrome-stable`` on PATH; without it the PDF
is skipped (one warning line, the run still succeeds). The PDF is written under a temporary
name in the same folder and renamed when whole, so a folder never holds half a PDF. Chromium
runs in a process group of its own with a time limit; on a timeout, an error or Ctrl-C the
whole group (browser, zygote, renderers) is stopped before this returns or raises, so no
Chromium process outlives the run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from network.texts import Message

CHROMIUM_ENV = "COUNTY_LOGISTICS_CHROMIUM"
"""Environment variable: the Chromium (or Chrome) executable to print with."""

_ON_PATH = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_S = 180.0
_STOP_GRACE_S = 2.0


class PdfError(Exception):
    """Chromium could not make the PDF (the message says why, in one line)."""


@dataclass(frozen=True)
class PdfOutcome:
    """What became of report.pdf: its path, or the one line saying why there is none."""

    path: Path | None
    warning: Message | None = None


def find_chromium() -> str | None:
    """The Chromium to print with: :data:`CHROMIUM_ENV`, else the first one on PATH."""
    named = os.environ.get(CHROMIUM_ENV, "").strip()
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    return next((exe for exe in map(shutil.which, _ON_PATH) if exe is not None), None)


def _flags(profile: Path, target: Path) -> list[str]:
    flags = [
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-sync",
        "--disable-background-networking",
        "--disable-component-update",
        "--proxy-server=127.0.0.1:9",  # the report is offline: nothing may leave the machine
        "--run-all-compositor-stages-before-draw",
        "--virtual-time-budget=15000",  # let the embedded font and charts settle first
        "--no-pdf-header-footer",
        "--print-to-pdf-no-header",  # older Chromium's name for the same
        f"--user-data-dir={profile}",
        f"--print-to-pdf={target}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
    return flags


def _signal_group(process: subprocess.Popen[bytes], *, kill: bool) -> None:
    """Terminate (or kill) the process group Chromium leads; the process alone where there
    are no process groups (Windows)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
        elif kill:
            process.kill()
        else:
            process.terminate()


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """Terminate Chromium's whole process group, then kill what is left of it (the kill
    happens even if a second interrupt cuts the grace period short)."""
    try:
        _signal_group(process, kill=False)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=_STOP_GRACE_S)
    finally:
        _signal_group(process, kill=True)  # and any helper that outlived the browser
        process.wait()


def print_to_pdf(html: Path, pdf: Path, *, chromium: str, timeout_s: float = TIMEOUT_S) -> Path:
    """Print ``html`` to ``pdf`` with headless ``chromium``; raise :class:`PdfError` if it
    fails or takes longer than ``timeout_s``. ``pdf`` appears only whole."""
    folder = pdf.parent
    fd, name = tempfile.mkstemp(prefix=f".{pdf.stem}.", suffix=".pdf.partial", dir=folder)
    os.close(fd)
    partial = Path(name)
    try:
        # Chromium's profile and its own temporary files (which a stopped Chromium leaves
        # behind) in one short-named folder, removed whatever happens.
        with (
            tempfile.TemporaryDirectory(prefix="clpdf-", ignore_cleanup_errors=True) as scratch,
            tempfile.TemporaryFile() as log,
        ):
            profile, own_tmp = Path(scratch) / "profile", Path(scratch) / "tmp"
            own_tmp.mkdir()
            command = [chromium, *_flags(profile, partial), html.resolve().as_uri()]
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                env={**os.environ, "TMPDIR": str(own_tmp)},
                start_new_session=True,  # its own group: stopped whole, Ctrl-C or not
            )
            try:
                code = process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                raise PdfError(
                    Message("Chromium did not finish within {seconds:g} s", seconds=timeout_s)
                ) from None
            finally:
                _stop_group(process)
            if code != 0 or partial.stat().st_size == 0:
                log.seek(0)
                last = _last_line(log.read().decode("utf-8", errors="replace"))
                if last:
                    raise PdfError(
                        Message("Chromium exited with code {code}: {last}", code=code, last=last)
                    )
                raise PdfError(Message("Chromium exited with code {code}", code=code))
        with partial.open("rb") as made:
            if made.read(5) != b"%PDF-":
                raise PdfError(Message("Chromium wrote something that is not a PDF"))
        partial.chmod(0o644)
        partial.replace(pdf)
    finally:
        partial.unlink(missing_ok=True)
    return pdf


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def report_pdf(folder: Path, *, timeout_s: float = TIMEOUT_S) -> PdfOutcome:
    """Print ``folder``/report.html to ``folder``/report.pdf; without Chromium, or when it
    fails, no PDF and a one-line warning (the run's other outputs stand)."""
    chromium = find_chromium()
    named = os.environ.get(CHROMIUM_ENV, "").strip()
    if chromium is None and named:
        return PdfOutcome(
            None,
            Message(
                "report.pdf skipped: {env}={named} is not a program that can be run; "
                "give Chromium's path, or print report.html from a browser",
                env=CHROMIUM_ENV,
                named=named,
            ),
        )
    if chromium is None:
        return PdfOutcome(
            None,
            Message(
                "report.pdf skipped: headless Chromium not found (install chromium, or set "
                "{env} to its path); print report.html from a browser instead",
                env=CHROMIUM_ENV,
            ),
        )
    try:
        path = print_to_pdf(
            folder / "report.html", folder / "report.pdf", chromium=chromium, timeout_s=timeout_s
        )
    except PdfError as err:
        return PdfOutcome(None, Message("report.pdf not written: {reason}", reason=err.args[0]))
    except OSError as err:
        return PdfOutcome(None, Message("report.pdf not written: {reason}", reason=str(err)))
    return PdfOutcome(path)


__all__ = [
    "CHROMIUM_ENV",
    "PdfError",
    "PdfOutcome",
    "find_chromium",
    "print_to_pdf",
    "report_pdf",
]
