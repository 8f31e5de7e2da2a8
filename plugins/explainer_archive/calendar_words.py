"""The calendar's words, written once: month and weekday names and their abbreviations.

English only, and never the C library's locale (strftime's %B and %A follow it): a build
on a machine set to French must write the same pages.
"""

from __future__ import annotations

import datetime

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTHS)  # "Jan" … "Dec"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Lower-case month words to their number: full names, three-letter abbreviations and the
# "Sept" news writes.
MONTH_NUMBERS = {
    **{name.lower(): number for number, name in enumerate(MONTHS, 1)},
    **{name.lower(): number for number, name in enumerate(MONTH_ABBREVIATIONS, 1)},
    "sept": 9,
}


def month_name(month: int) -> str:
    """1 → "January"."""
    return MONTHS[month - 1]


def weekday_name(day: datetime.date) -> str:
    """The day's weekday: "Monday" … "Sunday"."""
    return WEEKDAYS[day.weekday()]


def day_label(day: datetime.date) -> str:
    """A day as readers see it: "11 June 2024"."""
    return f"{day.day} {month_name(day.month)} {day.year}"
