"""A one-line progress bar for long imports, drawn only on a terminal."""

import time
from typing import TextIO


class ProgressBar:
    """Call with the amount done so far (of `total`); `close()` ends the line.

    Redraws at most ten times a second, so drawing never slows an import.
    """

    width = 30

    def __init__(self, total: int, stream: TextIO):
        self.total = max(total, 1)
        self.stream = stream
        self.enabled = stream.isatty()
        self.drawn_at = 0.0
        self.started_at = time.monotonic()

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.drawn_at < 0.1 and done < self.total):
            return
        self.drawn_at = now
        share = min(done / self.total, 1)
        filled = round(share * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = now - self.started_at
        self.stream.write(f"\r[{bar}] {share:4.0%} {elapsed:5.0f}s")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.drawn_at:
            self.stream.write("\n")
            self.stream.flush()
