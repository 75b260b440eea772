"""What a batch shows while it runs: a rich progress bar on stderr and a log file line per file."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


class BatchLog:
    """DIR/baocao.log: one line when a file starts and one when it ends (appended, flushed per line,
    so after a kill the log says which files were in flight)."""

    def __init__(self, path: Path):
        self._fh = path.open("a", encoding="utf-8", errors="backslashreplace", buffering=1)

    def line(self, event: str, source: str, **fields: object) -> None:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"
        extra = "".join(f" {k}={'' if v is None else v}" for k, v in fields.items())
        self._fh.write(f"{stamp} {event:5} {source}{extra}\n")

    def close(self) -> None:
        self._fh.close()


class BatchProgress:
    """files i/N, pages/s, ETA, errors so far and the files in flight; nothing when stream is None."""

    def __init__(self, stream: TextIO | None, total: int):
        self._started = time.perf_counter()
        self.pages = 0
        self.errors = 0
        self._progress = None
        if stream is None:
            return
        console = Console(file=stream, stderr=True)
        self._progress = Progress(
            TextColumn("[bold]baocao[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(), TextColumn("[red]{task.fields[errors]} errors[/]"),
            TextColumn("{task.fields[current]}", style="dim"), console=console, transient=False)
        self._task = self._progress.add_task("files", total=total, rate="", errors=0, current="")
        self._progress.start()

    def started(self, names: list[str]) -> None:
        if self._progress:
            shown = ", ".join(names[:2]) + (f" +{len(names) - 2}" if len(names) > 2 else "")
            self._progress.update(self._task, current=shown[-60:])

    def finished(self, pages: int | None, failed: bool) -> None:
        self.pages += pages or 0
        self.errors += int(failed)
        if self._progress:
            rate = self.pages / max(time.perf_counter() - self._started, 1e-6)
            self._progress.update(self._task, advance=1, rate=f"{rate:.1f} pages/s", errors=self.errors)

    def close(self) -> None:
        if self._progress:
            self._progress.update(self._task, current="")
            self._progress.stop()
