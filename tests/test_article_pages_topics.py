"""An article page lists why it is on each topic (the phrases of its match, the discovered
flag): a rebuild that changes only those renders the page again (site/article_pages.py)."""

from __future__ import annotations

import re
from pathlib import Path

from pelican.plugins.explainer_archive.derive import topics
from sitebuild import SEEDS, build_site, seed_content
from support.annotations import start_cache
from test_determinism import differences


def build(root: Path, out: str, cache: str = "cache", annotations: Path | None = None):
    """A build of root's content with root's taxonomy; a new cache starts from `annotations`
    (the seeds' spaCy annotations, tests/support/annotations.py)."""
    if annotations is not None:
        start_cache(root / cache, annotations)
    built = build_site(
        root / "content", root / out, root / cache, extra={"EXPLAINER_TOPICS": "topics.toml"}
    )
    assert built.returncode == 0, built.log[-3000:]
    return built


def test_a_topic_match_that_changes_renders_the_article_page_again(tmp_path, seed_annotations):
    seed_content(tmp_path, SEEDS[:3])
    taxonomy = topics.DEFAULT_TAXONOMY_PATH.read_text(encoding="utf-8")
    (tmp_path / "topics.toml").write_text(taxonomy, encoding="utf-8")
    first = build(tmp_path, "out", annotations=seed_annotations)
    records = {t["slug"]: t for t in first.json("topics.json")}
    # An article's least relevant topic (last: losing a phrase keeps it last) whose match
    # lists more than one phrase.
    article, slug = next(
        (a, a["topics"][-1])
        for a in first.json("articles.json")
        if a["topics"] and len(records[a["topics"][-1]]["matches"][a["slug"]]["phrases"]) > 1
    )
    shown = records[slug]["matches"][article["slug"]]["phrases"]
    assert ", ".join(shown[:6]) in first.html(article["url"])

    # The same topics, names and URLs; one phrase of the match is no longer the topic's.
    dropped = shown[-1]
    start = taxonomy.index(f'slug = "{slug}"')
    block = taxonomy[start:].split("[[topics]]")[0]
    edited_block = re.sub(rf'"{re.escape(dropped)}",?\s*', "", block, count=1)
    assert edited_block != block, dropped
    edited = taxonomy[:start] + edited_block + taxonomy[start + len(block) :]
    (tmp_path / "topics.toml").write_text(edited, encoding="utf-8")
    second = build(tmp_path, "out")
    again = next(a for a in second.json("articles.json") if a["slug"] == article["slug"])
    assert again["topics"] == article["topics"]  # only the phrases the page lists changed
    cold = build(tmp_path, "cold", cache="cold-cache", annotations=seed_annotations)
    assert differences(second.output, cold.output) == []
