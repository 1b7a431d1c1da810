"""Ctrl-C and SIGTERM during a batch: the first asks the batch to stop after the documents in
flight (every finished document stays committed, a re-run resumes); a second stops at once."""
from __future__ import annotations

import signal
import sys
import threading

SIGNALS = (signal.SIGINT, signal.SIGTERM)
EXIT_CODE = 130  # what a shell reports for a command stopped by Ctrl-C


class Stop:
    """While entered, SIGINT and SIGTERM set `requested` instead of killing the process."""

    def __init__(self) -> None:
        self.requested = False
        self._old: dict = {}

    def __enter__(self) -> Stop:
        if threading.current_thread() is threading.main_thread():  # only there can Python take signals
            self._old = {s: signal.signal(s, self._handle) for s in SIGNALS}
        return self

    def __exit__(self, *exc) -> None:
        for sig, handler in self._old.items():
            signal.signal(sig, handler)

    def _handle(self, signum, frame) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        print(f"\nnewsclean: {signal.Signals(signum).name}: stopping after the documents in flight "
              "(again to stop at once)", file=sys.stderr)


def ignore_in_worker() -> None:
    """Worker processes leave stopping to the main process, which finishes or drops their work."""
    for sig in SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
