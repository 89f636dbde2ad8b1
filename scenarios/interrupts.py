"""Ctrl-C and SIGTERM: stop every worker process, say in one line what was kept, exit 130.

:func:`run_interruptible` wraps any command (a CLI subcommand, a script's ``main``). While it
runs, SIGINT and SIGTERM raise :class:`KeyboardInterrupt` in the command's process, so
``with`` blocks unwind (an output folder being written is
deleted, the previous run stays: see :mod:`scenarios.output_folder`); further signals are
ignored while it unwinds. Python drops an exception raised in a fork hook or a finaliser
(printing "Exception ignored in ..."): such a dropped interrupt is not printed but raised
again at once, and one that has not arrived within 3 s is raised again too.

Workers leave Ctrl-C (which a terminal sends to the whole process group) to the command and
exit on its SIGTERM after stopping their own children, without a traceback: forked ones
inherit the handler, pool workers started fresh (spawn) call :func:`worker_signals` as their
initializer. Whatever is still alive at the end is terminated, then killed.

A command that keeps something on interrupt (a sweep's finished rows) raises
:class:`Interrupted` with what it kept; the one line then says so instead of "nothing written".
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

from network.texts import Texts, texts_for

EXIT_INTERRUPTED = 130
"""Exit code after Ctrl-C or SIGTERM (128 + SIGINT, as shells report it)."""

_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_GRACE_S = 2.0
_RETRY_S = 3.0
_EXIT_WAIT_S = 5.0


class Interrupted(KeyboardInterrupt):
    """An interrupt after which ``kept`` (e.g. "12 finished rows in out/sweep.csv") remains."""

    def __init__(self, kept: str) -> None:
        super().__init__(kept)
        self.kept = kept


def stop_children(grace_s: float = _GRACE_S) -> int:
    """Terminate this process's worker processes (then kill those still alive after
    ``grace_s``); return how many there were."""
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(timeout=grace_s)
        if child.is_alive():
            child.kill()
            child.join(timeout=grace_s)
    return len(children)


def _exit_worker(signum: int, frame: FrameType | None) -> None:
    """A worker's end on a signal: its own children first, then out, with no traceback."""
    stop_children(grace_s=0.5)
    os._exit(128 + signum)


def worker_signals() -> None:
    """Initializer for pool workers: Ctrl-C (sent to the whole terminal group) is left to the
    parent, which stops them with SIGTERM; on SIGTERM they stop their children and exit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_worker)


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends (starting worker processes: a process
    interrupted while it hands a fresh interpreter its start-up data leaves that one to die
    with a traceback of its own), then act on the first one."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    before = {sig: signal.getsignal(sig) for sig in _SIGNALS}
    for sig in _SIGNALS:
        signal.signal(sig, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        for sig, previous in before.items():
            signal.signal(sig, previous)
        first = signal.Signals(held[0]) if held else None
        handler = None if first is None else before[first]
        if first is not None and callable(handler):
            handler(first, None)


@dataclass
class _Pending:
    """One interrupt on its way: when it was raised, and whether it reached the command's end."""

    raised_at: float | None = None
    arrived: bool = False
    retry: bool = False
    watchdog: threading.Thread | None = None


def _reraise_until_arrived(pending: _Pending, main_ident: int) -> None:
    """Raise the interrupt again while it has not reached :func:`run_interruptible`: Python
    drops an exception raised inside a fork hook or a finaliser, which would lose it."""
    while not pending.arrived:
        time.sleep(_RETRY_S / 10)
        if pending.arrived:
            return
        if pending.raised_at is not None and time.monotonic() - pending.raised_at > _RETRY_S:
            pending.retry = True
            # A real signal, not _thread.interrupt_main: it also wakes a wait in C (a lock,
            # a pipe) that would otherwise hold the interrupt until a solve ends.
            signal.pthread_kill(main_ident, signal.SIGINT)
            pending.raised_at = time.monotonic()


@contextmanager
def interrupts_raise() -> Iterator[_Pending]:
    """Within the block, SIGINT and SIGTERM raise KeyboardInterrupt in this process (once:
    further signals are ignored while it unwinds); forked children that inherit the handler
    exit quietly instead."""
    pending = _Pending()
    if threading.current_thread() is not threading.main_thread():
        yield pending  # signal handlers can only be set from the main thread
        return
    owner = os.getpid()

    def handler(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != owner:  # a forked worker
            if signum == signal.SIGTERM:
                _exit_worker(signum, frame)
            return  # Ctrl-C reaches the whole terminal group: the command stops its workers
        if pending.arrived or (pending.raised_at is not None and not pending.retry):
            return  # the interrupt is on its way: let the cleanup run undisturbed
        if pending.raised_at is None:
            pending.watchdog = threading.Thread(
                target=_reraise_until_arrived, args=(pending, threading.get_ident()), daemon=True
            )
            pending.watchdog.start()
        pending.retry = False
        pending.raised_at = time.monotonic()
        raise KeyboardInterrupt

    def dropped(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt) and pending.raised_at is not None:
            pending.raised_at = -math.inf  # dropped, not printed: raise it again at once
            return
        unraisable_hook(unraisable)

    before = {sig: signal.getsignal(sig) for sig in _SIGNALS}
    unraisable_hook = sys.unraisablehook
    for sig in _SIGNALS:
        signal.signal(sig, handler)
    sys.unraisablehook = dropped
    try:
        yield pending
    finally:
        pending.arrived = True
        if pending.watchdog is not None:  # no retry may reach the handlers restored below
            pending.watchdog.join(timeout=2 * _RETRY_S)
        sys.unraisablehook = unraisable_hook
        for sig, previous in before.items():
            signal.signal(sig, previous)


def run_interruptible(
    command: Callable[[], int],
    *,
    say: Callable[[str], None],
    exit_process: bool = False,
    texts: Callable[[], Texts] | None = None,
) -> int:
    """``command()``'s exit code; on Ctrl-C or SIGTERM, stop its workers, ``say`` one line
    ("interrupted: nothing written" or what was kept) and return :data:`EXIT_INTERRUPTED`.

    With ``exit_process`` (a command-line entry point) the process ends within a few seconds
    even if its exit hangs: the interpreter's exit waits for worker-pool threads and queues,
    and those whose workers were stopped mid-message can wait for good. A normal exit (which
    also releases the pools' semaphores) is tried first. ``texts`` gives the language of the
    line when it is said (the command may learn it from its scenario); default English.
    """
    with interrupts_raise() as pending:
        try:
            return command()
        except KeyboardInterrupt as err:
            pending.arrived = True  # further signals are ignored from here
            stop_children()
            tr = texts() if texts is not None else texts_for("en")
            kept = err.kept if isinstance(err, Interrupted) else tr("nothing written")
            say(tr("interrupted: {kept}", kept=kept))
            if exit_process:
                _exit_if_stuck(_EXIT_WAIT_S)
            return EXIT_INTERRUPTED


def _exit_if_stuck(after_s: float) -> None:
    """End the process ``after_s`` from now unless its exit has ended it by then."""

    def leave() -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)

    timer = threading.Timer(after_s, leave)
    timer.daemon = True
    timer.start()
