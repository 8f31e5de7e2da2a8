"""The charts' geometry: bars, ticks, peak labels and the actor network, as plain numbers.

The theme's `charts.html` macros draw them as inline SVG, so colours come from the theme's
CSS variables (light and dark) and links get the page's SITEURL. Everything here is a pure
function of the chart data (derive/coverage.py, derive/cooccurrence.py): coordinates are
rounded to one decimal and the network layout is seeded, so two builds draw the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import math
from pathlib import Path

from ..calendar_words import MONTH_ABBREVIATIONS as MONTH_ABBR
from ..calendar_words import MONTHS as MONTH_NAMES
from ..derive import cooccurrence, coverage
from ..files import atomic_write_bytes
from . import shown
from .output import dump_json, write_if_changed, write_json_list

WIDTH = 640  # viewBox width of every chart; the page scales it to its column
LEFT, RIGHT, TOP, BOTTOM = 36.0, 8.0, 24.0, 50.0  # plot margins, in viewBox units
LAYOUT_SEED = 14  # the network layout's random seed: the same graph, the same picture
# The network's last layout, in the cache folder, and what lays it out (remembered_layout).
LAYOUT_MEMO = "explainer-network-layout.json"
_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
MAX_PEAKS = 3  # peak labels: the maximum's periods, unless more than this many tie


def num(value: float) -> str:
    """A coordinate as the SVG shows it: one decimal, no trailing zeros ("12", "12.5")."""
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def period_label(period: str, granularity: str, long: bool = False) -> str:
    """ "2024-06" → "Jun 2024" ("June 2024" when long); a week → "week of 3 Jun 2024"."""
    if granularity == "year":
        return period
    year, month = period[:4], int(period[5:7])
    if granularity == "month":
        return f"{(MONTH_NAMES if long else MONTH_ABBR)[month - 1]} {year}"
    return f"week of {int(period[8:10])} {MONTH_ABBR[month - 1]} {year}"


def tick_step(count: int, granularity: str) -> int:
    """Label every n-th period so that at most about ten labels share the axis."""
    steps = {"week": (1, 2, 4, 8, 13, 26), "month": (1, 2, 3, 6, 12), "year": (1, 2, 5, 10)}
    limit = 8 if granularity == "week" else 12
    for step in steps[granularity]:
        if count <= limit * step:
            return step
    return max(1, math.ceil(count / limit))


def ticks(periods: list[str], granularity: str, slot: float) -> list[dict]:
    """Axis labels: the period (a month's name, a week's day, a year) and, under it, the
    year where it changes."""
    step = tick_step(len(periods), granularity)
    found, last_year = [], None
    for i, period in enumerate(periods):
        position = int(period[5:7]) - 1 if granularity == "month" else i
        if position % step:
            continue
        year = period[:4]
        if granularity == "year":
            label = year
        else:
            label = MONTH_ABBR[int(period[5:7]) - 1]
            label = f"{int(period[8:10])} {label}" if granularity == "week" else label
        sub = year if granularity != "year" and year != last_year else ""
        last_year = year
        found.append({"x": num(LEFT + (i + 0.5) * slot), "label": label, "sub": sub})
    return found


def peak_indexes(values: list[int]) -> list[int]:
    """Where the maximum is reached, when it stands out (some other period has fewer, but
    not none) and is reached at most MAX_PEAKS times."""
    top = max(values, default=0)
    at = [i for i, v in enumerate(values) if v == top and top > 0]
    stands_out = any(0 < v < top for v in values)
    return at if stands_out and len(at) <= MAX_PEAKS else []


def label_anchor(x: float) -> str:
    """Where a label hangs from its point, so that it stays inside the chart."""
    if x < WIDTH * 0.2:
        return "start"
    return "end" if x > WIDTH * 0.8 else "middle"


def bar_chart(periods, series, granularity, *, height=150.0, hrefs=None) -> dict:
    """Bars per period for one or two series: `series` is [(name, css class, values)].

    Returns the geometry the `bar_chart` macro draws: the periods with a bar or a link (each
    with its bars and optional link), axis ticks, the scale's top value and the peak periods
    of the series' sum.
    """
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM
    slot = plot_w / max(1, len(periods))
    top = max((v for _name, _cls, values in series for v in values), default=0) or 1
    bar_w = slot * 0.8 / len(series)
    groups = []
    hrefs = hrefs or {}
    for i, period in enumerate(periods):
        if period not in hrefs and not any(values[i] for _n, _c, values in series):
            continue  # nothing to draw: the cost follows the periods with data
        bars = []
        for k, (name, css, values) in enumerate(series):
            h = max(1.5, plot_h * values[i] / top) if values[i] else 0.0
            x = LEFT + i * slot + slot * 0.1 + k * bar_w
            bars.append(
                {
                    "x": num(x),
                    "y": num(TOP + plot_h - h),
                    "w": num(bar_w),
                    "h": num(h),
                    "css": css,
                    "value": values[i],
                    "name": name,
                }
            )
        label = period_label(period, granularity)
        summary = ", ".join(f"{b['value']} {b['name']}" for b in bars)
        groups.append(
            {
                "period": period,
                "label": label,
                "summary": f"{label}: {summary}",
                "bars": bars,
                "href": hrefs.get(period),
                "x": num(LEFT + i * slot),
                "w": num(slot),
            }
        )
    totals = [sum(values[i] for _name, _cls, values in series) for i in range(len(periods))]
    peaks = []
    for i in peak_indexes(totals):
        tallest = max(values[i] for _name, _cls, values in series)
        label = period_label(periods[i], granularity)
        peaks.append(
            {
                "x": num(LEFT + (i + 0.5) * slot),
                "y": num(TOP + plot_h * (1 - tallest / top) - 5),
                "label": label if len(series) > 1 else f"{label}: {totals[i]}",
                "anchor": label_anchor(LEFT + (i + 0.5) * slot),
            }
        )
    return {
        "width": WIDTH,
        "height": num(height),
        "groups": groups,
        "ticks": ticks(periods, granularity, slot),
        "peaks": peaks,
        "top": top,
        "top_y": num(TOP),
        "plot_h": num(plot_h),
        "base_y": num(TOP + plot_h),
        "left": num(LEFT),
        "right": num(WIDTH - RIGHT),
        "label_x": num(LEFT - 6),
        "legend": [{"name": name, "css": css} for name, css, _values in series],
    }


def fingerprint(data) -> str:
    """A short hash of a chart's data: an incremental build redraws a chart when it changes."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------
# The three pictures
# ---------------------------------------------------------------------------


def _span(periods: list[str], granularity: str) -> str:
    """ "From Oct 2023 to Jun 2024" (or the one period)."""
    first, last = period_label(periods[0], granularity), period_label(periods[-1], granularity)
    return first if first == last else f"From {first} to {last}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def strip_links(strip: coverage.Strip, context: dict) -> dict[str, str]:
    """Period → where its bar leads in the chronology: a month's page, a year's place in
    the chronology's index, a week's first event (its page and id)."""
    months = {
        month["period"]: month.get("url")
        for year in context.get("chronology_years") or []
        for month in year.get("months", [])
    }
    event_urls = context.get("event_urls") or {}
    links = {}
    for period in strip.periods:
        first = period["first_event"]
        if first is None:
            continue
        if strip.granularity == "month":
            href = months.get(period["period"]) or event_urls.get(first)
        elif strip.granularity == "year":
            href = f"{context.get('CHRONOLOGY_URL', '')}#year-{period['period']}"
        else:
            href = event_urls.get(first)
        if href:
            links[period["period"]] = href
    return links


def strip_chart(strip: coverage.Strip, hrefs: dict[str, str]) -> dict | None:
    """The chronology at a glance: articles and events per period, each period with events
    linking into the chronology (`hrefs`, see strip_links); None when nothing is dated."""
    if not strip.periods:
        return None
    unit = strip.granularity
    periods = [p["period"] for p in strip.periods]
    articles = [p["articles"] for p in strip.periods]
    events = [p["events"] for p in strip.periods]
    estimated = sum(p.get("estimated", 0) for p in strip.periods)
    series = [("articles", "chart-bar", articles), ("events", "chart-bar-alt", events)]
    chart = bar_chart(periods, series, unit, height=170.0, hrefs=hrefs)
    busiest = " and ".join(
        f"{period_label(periods[i], unit)} ({_plural(articles[i], 'article')}, "
        f"{_plural(events[i], 'event')})"
        for i in peak_indexes([a + e for a, e in zip(articles, events, strict=True)])
    )
    unplaced = []
    if strip.unplaced_articles:
        unplaced.append(_plural(strip.unplaced_articles, "article"))
    if strip.unplaced_events:
        unplaced.append(_plural(strip.unplaced_events, "event"))
    chart["title"] = f"Articles and dated events per {unit}"
    chart["desc"] = (
        f"{_span(periods, unit)}: {_plural(sum(articles), 'article')} and "
        f"{_plural(sum(events), 'dated event')}."
        + (
            f" {estimated} of the articles {'is' if estimated == 1 else 'are'} placed by an "
            f"estimated date whose whole range lies in the {unit}."
            if estimated
            else ""
        )
        + (f" Busiest: {busiest}." if busiest else "")
        + (f" Not shown, for want of a precise date: {' and '.join(unplaced)}." if unplaced else "")
    )
    chart["rows"] = [
        {
            "label": period_label(p["period"], unit, long=True),
            "href": hrefs.get(p["period"]),
            "articles": p["articles"],
            "events": p["events"],
        }
        for p in strip.periods
        if p["articles"] or p["events"]
    ]
    chart["unit"] = unit
    chart["fingerprint"] = fingerprint([unit, strip.periods, hrefs])
    return chart


def coverage_chart(name: str, months: list[str], per_month: dict, what: str) -> dict | None:
    """Mentions (actors) or articles (topics) per month over the archive's months.

    `per_month` maps a month ("" for none) to [articles, mentions] for an actor, to an
    article count for a topic; `what` is "mentions" or "articles".
    """
    cells = {m: c if isinstance(c, list) else [c, 0] for m, c in per_month.items()}
    column = 1 if what == "mentions" else 0
    values = [cells[m][column] if m in cells else 0 for m in months]
    if not months or not any(values):
        return None
    chart = bar_chart(months, [(what, "chart-bar", values)], "month", height=130.0)
    busiest = " and ".join(period_label(months[i], "month") for i in peak_indexes(values))
    left_out = cells.get("", [0, 0])[column]
    chart["title"] = (
        f"Mentions of {name} per month" if what == "mentions" else f"Articles on {name} per month"
    )
    chart["desc"] = (
        f"{_span(months, 'month')}: {_plural(sum(values), what[:-1])}"
        + (f", most in {busiest} ({max(values)})." if busiest else ".")
        + (
            f" Not shown: {_plural(left_out, what[:-1])}"
            + (" in articles" if what == "mentions" else "")
            + " without a month."
            if left_out
            else ""
        )
    )
    chart["rows"] = [
        {"label": period_label(m, "month", long=True), "articles": c[0], "mentions": c[1]}
        for m, c in sorted(cells.items())
        if m and c[0]
    ]
    chart["what"] = what
    chart["fingerprint"] = fingerprint([name, what, months, per_month])
    return chart


NETWORK_HEIGHT = 480.0
NETWORK_MARGIN = (130.0, 24.0)  # room for the labels beside the outermost nodes (x, y)


def layout(slugs: list[str], ties: list[cooccurrence.Tie]) -> dict[str, tuple[float, float]]:
    """Seeded force-directed positions (networkx's Fruchterman-Reingold), scaled into the
    chart's box; stronger ties pull closer (log-weighted, so one huge tie does not collapse
    the picture)."""
    import networkx

    graph = networkx.Graph()
    graph.add_nodes_from(slugs)
    for tie in ties:
        graph.add_edge(tie.source, tie.target, weight=1.0 + math.log(tie.weight))
    raw = networkx.spring_layout(graph, seed=LAYOUT_SEED, weight="weight", iterations=200)
    xs = [float(raw[s][0]) for s in slugs]
    ys = [float(raw[s][1]) for s in slugs]
    box_w = WIDTH - 2 * NETWORK_MARGIN[0]
    box_h = NETWORK_HEIGHT - 2 * NETWORK_MARGIN[1]

    def scale(value, low, high, size):
        return size / 2 if high - low < 1e-9 else (value - low) / (high - low) * size

    return {
        s: (
            round(NETWORK_MARGIN[0] + scale(x, min(xs), max(xs), box_w), 1),
            round(NETWORK_MARGIN[1] + scale(y, min(ys), max(ys), box_h), 1),
        )
        for s, x, y in zip(slugs, xs, ys, strict=True)
    }


def remembered_layout(memo: Path | None, slugs: list[str], ties: list) -> dict:
    """layout(slugs, ties), read from the file `memo` when the build that wrote it laid out
    the same network (the same actors and ties, this module's code, networkx's version),
    else laid out and kept there.  The layout is a function of these alone, so a rebuild
    whose network did not change shows the same picture without importing networkx and
    running its 200 iterations (0.14 s of every build)."""
    if memo is None:
        return layout(slugs, ties)
    key = fingerprint(
        [
            slugs,
            [[t.source, t.target, t.weight] for t in ties],
            importlib.metadata.version("networkx"),
            _CODE,
        ]
    )
    try:
        kept = json.loads(Path(memo).read_text(encoding="utf-8"))
        if kept["key"] == key and sorted(kept["at"]) == sorted(slugs):
            return {slug: (float(x), float(y)) for slug, (x, y) in kept["at"].items()}
    except (OSError, ValueError, TypeError, KeyError):  # none yet, or not what it should be
        pass
    at = layout(slugs, ties)
    text = json.dumps({"key": key, "at": {slug: list(xy) for slug, xy in at.items()}})
    atomic_write_bytes(Path(memo), text.encode("utf-8") + b"\n")
    return at


LABEL_CHAR_WIDTH, LABEL_HEIGHT = 7.4, 14.0  # a 12px bold label's size, in viewBox units


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(nodes: list[tuple[float, float, float, str]]) -> list[tuple[float, float, str]]:
    """Each node's label position (x, y, text-anchor), given nodes as (x, y, radius, name),
    most important first: greedily the first of beside (towards the outside), beside (the
    other side), below and above whose box hits no circle and no label placed before."""
    taken = [(x - r, y - r, x + r, y + r) for x, y, r, _name in nodes]
    placed = []
    for x, y, r, name in nodes:
        w, h = LABEL_CHAR_WIDTH * len(name), LABEL_HEIGHT
        right = (x + r + 4, y + 4, "start", (x + r + 4, y - h / 2, x + r + 4 + w, y + h / 2))
        left = (x - r - 4, y + 4, "end", (x - r - 4 - w, y - h / 2, x - r - 4, y + h / 2))
        below = (x, y + r + h, "middle", (x - w / 2, y + r + 2, x + w / 2, y + r + 2 + h))
        above = (x, y - r - 5, "middle", (x - w / 2, y - r - 4 - h, x + w / 2, y - r - 4))
        options = [right, left] if x <= WIDTH / 2 else [left, right]
        options += [below, above]
        inside = [o for o in options if o[3][0] >= 0 and o[3][2] <= WIDTH]
        free = [o for o in inside if not any(_overlaps(o[3], box) for box in taken)]
        best = (free or inside or options)[0]
        placed.append(best[:3])
        taken.append(best[3])
    return placed


def tie_text(tie: cooccurrence.Tie, names: dict[str, str]) -> str:
    """ "Antony Blinken and Israel: 12 shared sentences, 3 shared events"."""
    parts = [_plural(tie.sentences, "shared sentence")]
    if tie.events:
        parts.append(_plural(len(tie.events), "shared event"))
    return f"{names[tie.source]} and {names[tie.target]}: {', '.join(parts)}"


def network_chart(
    ties: list[cooccurrence.Tie], actor_pages: dict, mentions: dict, memo: Path | None = None
) -> dict | None:
    """Who appears with whom: the most mentioned actors and their strongest ties, nodes sized
    by mentions and linking to the actor pages; None when no two actors share a sentence or
    an event.  `memo`: where the last layout is kept (remembered_layout)."""
    ties = [t for t in ties if t.source in actor_pages and t.target in actor_pages]
    slugs, shown = cooccurrence.strongest_network(ties, mentions)
    if not shown:
        return None
    at = remembered_layout(memo, slugs, shown)
    names = {s: actor_pages[s].name for s in slugs}
    top_mentions = max(mentions.get(s, 0) for s in slugs) or 1
    top_weight = max(t.weight for t in shown)
    radius = {s: 4 + 12 * math.sqrt(mentions.get(s, 0) / top_mentions) for s in slugs}
    labels = place_labels([(at[s][0], at[s][1], radius[s], names[s]) for s in slugs])
    nodes = [
        {
            "slug": slug,
            "name": names[slug],
            "href": actor_pages[slug].url,
            "kind": actor_pages[slug].data.get("kind"),
            "x": num(at[slug][0]),
            "y": num(at[slug][1]),
            "r": num(radius[slug]),
            "label_x": num(label[0]),
            "label_y": num(label[1]),
            "anchor": label[2],
            "mentions": mentions.get(slug, 0),
        }
        for slug, label in zip(slugs, labels, strict=True)
    ]
    edges = [
        {
            "x1": num(at[t.source][0]),
            "y1": num(at[t.source][1]),
            "x2": num(at[t.target][0]),
            "y2": num(at[t.target][1]),
            "w": num(1 + 5 * t.weight / top_weight),
            "text": tie_text(t, names),
        }
        for t in shown
    ]
    return {
        "width": WIDTH,
        "height": num(NETWORK_HEIGHT),
        "nodes": nodes,
        "edges": edges,
        "title": "Who appears with whom",
        "desc": (
            f"The {_plural(len(nodes), 'most mentioned actor')} with a tie, joined by their "
            f"{_plural(len(edges), 'strongest tie')}: two actors are tied when one sentence, or "
            "one dated event, names both; a thicker line means more of them. Larger circles "
            f"mean more mentions. Strongest tie: {edges[0]['text']}."
        ),
        "rows": [
            {
                "text": e["text"],
                "source": actor_pages[t.source],
                "target": actor_pages[t.target],
                "weight": t.weight,
            }
            for e, t in zip(edges, shown, strict=True)
        ],
        "fingerprint": fingerprint(
            [[t.source, t.target, t.weight] for t in shown]
            + [[s, mentions.get(s, 0)] for s in slugs]
        ),
    }


# ---------------------------------------------------------------------------
# Glue: pages and export
# ---------------------------------------------------------------------------


TIE_ARTICLES_SHOWN = 3  # the articles an actor page names for one tie


def tie_view(tie, slug, pages: dict, dates: dict, sources_of: dict) -> dict | None:
    """One line of an actor page's "Strongest ties": the other actor, the counts, the first
    few articles that show the tie (those of the shared sentences, newest first, then the
    sources of the shared events) and how many articles show it in all.  Only the shown
    ones are ordered: a tie in an archive about one story has thousands of articles."""
    other = pages["actors"].get(tie.target if tie.source == slug else tie.source)
    if other is None:
        return None
    published = pages["articles"]
    in_sentences = [k for k in tie.articles if k in published]
    first = shown.newest(in_sentences, dates, TIE_ARTICLES_SHOWN)
    in_events = {k for event in tie.events for k in sources_of.get(event, []) if k in published}
    more = (k for event in tie.events for k in sources_of.get(event, []) if k in published)
    seen = set(first)
    for key in more:
        if len(first) == TIE_ARTICLES_SHOWN:
            break
        if key not in seen:
            seen.add(key)
            first.append(key)
    return {
        "actor": other,
        "weight": tie.weight,
        "sentences": tie.sentences,
        "events": len(tie.events),
        "articles": [published[k] for k in first],
        "article_count": len(in_events.union(in_sentences)),
    }


def add_to_context(context: dict, archive, cache_dir: Path | None = None) -> None:
    """Put every chart on the context and on the actor and topic pages: the strip
    (`timeline_strip`), the network (`actor_network`, its layout kept in `cache_dir`), and
    on each page what makes its `coverage_chart` and, for actors, its `ties` when a template
    first asks for them."""
    data = getattr(archive, "charts", None)
    actor_pages = context.get("actor_by_slug", {})
    context["timeline_strip"] = context["actor_network"] = None
    if data is None:
        return
    context["timeline_strip"] = strip_chart(data.strip, strip_links(data.strip, context))
    mentions = {slug: page.data.get("mentions", 0) for slug, page in actor_pages.items()}
    memo = Path(cache_dir) / LAYOUT_MEMO if cache_dir else None
    context["actor_network"] = network_chart(data.ties, actor_pages, mentions, memo)
    mine = cooccurrence.ties_by_actor(data.ties)
    pages = {"actors": actor_pages, "articles": context.get("article_by_slug", {})}
    sources_of = {event["id"]: event.get("sources", []) for event in archive.events}

    def actor_charts(page, which: str):
        if which == "coverage":
            per_month = data.actor_months.get(page.slug, {})
            return coverage_chart(page.name, data.months, per_month, "mentions")
        views = (
            tie_view(t, page.slug, pages, data.article_dates, sources_of)
            for t in mine.get(page.slug, [])
        )
        return [v for v in views if v]

    def topic_charts(page, which: str):
        if which == "coverage":
            per_month = data.topic_months.get(page.slug, {})
            return coverage_chart(page.name, data.months, per_month, "articles")
        return []

    for page in context.get("actor_pages", []):
        page.charts_of = functools.partial(actor_charts, page)
    for page in context.get("topic_pages", []):
        page.charts_of = functools.partial(topic_charts, page)


def coverage_json(data: coverage.ChartData) -> dict:
    """data/coverage.json: the strip's periods and the monthly counts per actor and topic
    (months oldest first; `"month": null` counts the articles without a month)."""

    def order(month):
        return (month == "", month)

    return {
        "granularity": data.strip.granularity,
        "periods": [
            {k: p[k] for k in ("period", "articles", "estimated", "events")}
            for p in data.strip.periods
        ],
        "unplaced": {
            "articles": data.strip.unplaced_articles,
            "events": data.strip.unplaced_events,
        },
        "actors": {
            slug: [
                {"month": m or None, "articles": c[0], "mentions": c[1]}
                for m, c in sorted(months.items(), key=lambda mc: order(mc[0]))
            ]
            for slug, months in data.actor_months.items()
        },
        "topics": {
            slug: [
                {"month": m or None, "articles": n}
                for m, n in sorted(months.items(), key=lambda mn: order(mn[0]))
            ]
            for slug, months in data.topic_months.items()
        },
    }


def write_chart_data(folder: Path, archive) -> list[Path]:
    """Write data/cooccurrence.json (every tie, strongest first, with its evidence) and
    data/coverage.json (the counts behind the strip and the per-month charts), each only
    when its bytes change; returns their paths."""
    data = getattr(archive, "charts", None)
    if data is None:
        return []
    dates = data.article_dates
    write_json_list(
        folder / "cooccurrence.json", data.ties, lambda t: cooccurrence.tie_json(t, dates)
    )
    write_if_changed(folder / "coverage.json", dump_json(coverage_json(data)))
    return [folder / "cooccurrence.json", folder / "coverage.json"]
