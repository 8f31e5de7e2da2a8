"""What one build saw, dropped and guessed: warnings naming files, and the summary line."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

logger = logging.getLogger("explainer_archive")


@dataclass
class BuildReport:
    """Counts and warnings of one build; created afresh for every run."""

    raw_files: int = 0
    articles_written: int = 0
    warnings: list[str] = field(default_factory=list)
    annotation: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # printed after the summary line

    def warn(self, source: str, message: str) -> None:
        """Record and log a warning about one raw file (or '*' for the archive)."""
        text = f"{source}: {message}"
        self.warnings.append(text)
        logger.warning("%s", text)

    def summary(self) -> str:
        """The one-line summary printed at the end of the build."""
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
