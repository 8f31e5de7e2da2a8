"""Plain records passed between the stages of the flow.

Everything here is plain data (str, int, list, dict, dataclasses of those) so it can be
cached by Pelican's reader cache and by the annotation cache without pickling Pelican objects.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Figure:
    """A photo caption found in the raw text, with its credit split out."""

    caption: str
    credit: str = ""


@dataclass
class DroppedLine:
    """A line of the raw text that did not reach the body, and why."""

    text: str
    reason: str  # e.g. "chrome:newsletter", "duplicate", "related-block", "credit"


@dataclass
class CleanedArticle:
    """The structured result of cleaning one raw file (see clean.clean_article)."""

    source: str  # the raw file's path relative to content/, or a label in tests
    title: str
    title_generated: bool = False  # True when the raw file had no headline
    dek: str = ""  # standfirst / subheadline, "" when none
    paragraphs: list[str] = field(default_factory=list)  # body, in order
    figures: list[Figure] = field(default_factory=list)
    byline: str = ""  # "By Jane Doe" style line, without "By"
    credits: list[str] = field(default_factory=list)  # "Reporting by …", "With AFP"
    stamps: list[str] = field(default_factory=list)  # "Updated: June 11, 2024, 10:23 AM"
    header: dict[str, str] = field(default_factory=dict)  # optional Title:/Date:/… lines
    dropped: list[DroppedLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # human sentences, no file name
    encoding: str = "utf-8"

    @property
    def body_text(self) -> str:
        """The cleaned body as one string: paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> CleanedArticle:
        data = dict(data)
        data["figures"] = [Figure(**f) for f in data.get("figures", [])]
        data["dropped"] = [DroppedLine(**d) for d in data.get("dropped", [])]
        return cls(**data)


@dataclass
class ArticleDate:
    """The article's own date and the evidence for it. Never invented."""

    value: str | None  # "YYYY-MM-DD", "YYYY-MM", "YYYY" or None when unknown (or estimated)
    # "metadata", "html-meta", "dateline", "url", "unknown" (text/dates.py, text/html.py) or
    # "estimated" (derive/estimates.py)
    basis: str
    note: str  # one human sentence giving the evidence
    # An estimate (derive/estimates.py): [earliest, latest] "YYYY-MM-DD", either may be None
    # (open); None when the date is stated or unknown.  value stays None: never a stated date.
    range: list[str | None] | None = None
