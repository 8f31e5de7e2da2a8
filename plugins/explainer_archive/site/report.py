"""What one build saw, dropped and guessed: warnings naming files, and the summary line."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

logger = logging.getLogger("explainer_archive")
# The summary line and the editor's notes: INFO messages, shown at Pelican's default
# verbosity like its own "Done:" line, hidden by `pelican -q`.
summary_logger = logging.getLogger("explainer_archive.summary")


@dataclass
class BuildReport:
    """Counts and warnings of one build; created afresh for every run."""

    raw_files: int = 0
    articles_written: int = 0
    warnings: list[str] = field(default_factory=list)
    annotation: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # logged after the summary line

    def warn(self, source: str, message: str) -> None:
        """Record and log a warning about one raw file (or '*' for the archive)."""
        text = f"{source}: {message}"
        self.warnings.append(text)
        logger.warning("%s", text)

    def summary(self) -> str:
        """The one-line summary logged at the end of the build."""
        ann = self.annotation
        annotated = (
            f"; annotation: {ann.get('annotated', 0)} annotated, {ann.get('cached', 0)} cached"
            if ann
            else ""
        )
        return (
            f"explainer: {self.raw_files} raw files seen, {self.articles_written} articles "
            f"written, {len(self.warnings)} warnings{annotated}"
        )


def show_summary_by_default() -> None:
    """Let the summary logger's INFO lines through at Pelican's default level (WARNING),
    but not under `-q` (CRITICAL); -v and -D already let INFO through.  A level the user
    gave the logger is kept."""
    root = logging.getLogger().getEffectiveLevel()
    if summary_logger.level in (logging.NOTSET, logging.INFO):
        summary_logger.setLevel(logging.INFO if root <= logging.WARNING else logging.NOTSET)


def log_note(message: str) -> None:
    """Log one line for the editor (not a warning: nothing was dropped or guessed)."""
    show_summary_by_default()
    summary_logger.info("%s", message)


def log_summary(report: BuildReport) -> None:
    """Log the summary line, then the notes."""
    for line in [report.summary(), *report.notes]:
        log_note(line)
