"""Progress on stderr: a live line on a terminal, a plain periodic line otherwise.

The total is unknown while inputs stream in, so the display is counts and rates: no
bar to fill. Only `update` is called per batch; writing is throttled.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, *, interval: float | None = None,
                 enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.live = enabled and _is_terminal(self.stream)
        self.enabled = enabled
        # A terminal redraws often; a log file gets a line every 10 s.
        self.interval = interval if interval is not None else (0.2 if self.live else 10.0)
        self.started = time.perf_counter()
        self._last = self.started
        self._width = 0

    def update(self, documents: int, records: int, errors: int, skipped: int, words: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._last < self.interval:
            return
        self._last = now
        text = self.format(documents, records, errors, skipped, words, now - self.started)
        if self.live:
            padding = " " * max(0, self._width - len(text))
            self.stream.write("\r" + text + padding)
            self._width = len(text)
        else:
            self.stream.write("progress: " + text + "\n")
        self.stream.flush()

    @staticmethod
    def format(documents: int, records: int, errors: int, skipped: int, words: int,
               seconds: float) -> str:
        rate = documents / seconds if seconds > 0 else 0.0
        word_rate = words / seconds if seconds > 0 else 0.0
        spinner = "|/-\\"[int(seconds * 4) % 4]
        return (f"{spinner} {documents:,} documents ({rate:,.1f}/s, {word_rate:,.0f} words/s): "
                f"{records:,} records, {errors:,} errors, {skipped:,} skipped")

    def finish(self) -> None:
        """End the live line so the summary starts on its own."""
        if self.live and self._width:
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
