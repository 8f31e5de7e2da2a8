"""Compiled templates kept in the cache folder (site/compiled.py): a template loaded from the
kept code renders the same bytes as one compiled from its source, and an environment whose
options, extensions or filters differ, or another build key, never takes code compiled for
another.  Tables of real Jinja environments sharing one cache folder."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment, pass_context
from pelican.plugins.explainer_archive.site import compiled

TEMPLATE = """{% for item in items %}
  <li>{{ item|shout }}</li>
{% endfor %}
{{ "<b>" }}"""


def shout(value):
    return f"{value}!"


@pass_context
def shout_in_context(context, value):
    return f"{value}! ({context.get('site')})"


def environment(folder, build="b1", filters=None, **options) -> Environment:
    env = Environment(loader=DictLoader({"page.html": TEMPLATE}), **options)
    env.filters.update(filters or {"shout": shout})
    compiled.keep_compiled_templates(env, {"EXPLAINER_CACHE_DIR": str(folder)}, build)
    return env


def render(env) -> str:
    return env.get_template("page.html").render(items=["a", "b"], site="S")


def uncached(**options) -> str:
    filters = options.pop("filters", None) or {"shout": shout}
    env = Environment(loader=DictLoader({"page.html": TEMPLATE}), **options)
    env.filters.update(filters)
    return render(env)


def entries(folder) -> list:
    return sorted((folder / compiled.FOLDER).glob("*.jinja"))


def test_kept_code_renders_the_same_bytes(tmp_path):
    first = render(environment(tmp_path))
    assert len(entries(tmp_path)) == 1
    again = environment(tmp_path)
    assert render(again) == first == uncached()
    assert len(entries(tmp_path)) == 1, "the second environment compiled it again"


@pytest.mark.parametrize(
    "options",
    [
        {"trim_blocks": True},
        {"trim_blocks": True, "lstrip_blocks": True},
        {"autoescape": True},
        {"keep_trailing_newline": True},
        {"extensions": ["jinja2.ext.loopcontrols"]},
        {"filters": {"shout": shout_in_context}},  # the filter is passed the context
    ],
)
def test_other_environment_options_never_take_the_kept_code(options, tmp_path):
    render(environment(tmp_path))  # the default environment's code is kept first
    env = environment(tmp_path, **options)
    assert render(env) == uncached(**options)
    assert len(entries(tmp_path)) == 2


def test_another_build_key_compiles_afresh(tmp_path):
    render(environment(tmp_path, build="b1"))
    render(environment(tmp_path, build="b2"))
    assert len(entries(tmp_path)) == 2


def test_an_unreadable_entry_is_compiled_again(tmp_path):
    expected = render(environment(tmp_path))
    (entry,) = entries(tmp_path)
    entry.write_bytes(entry.read_bytes()[:20])  # as a disk full or a killed writer leaves it
    assert render(environment(tmp_path)) == expected


def test_a_changed_source_is_compiled_again(tmp_path):
    render(environment(tmp_path))
    changed = {"page.html": TEMPLATE + " changed"}
    env = Environment(loader=DictLoader(changed))
    env.filters["shout"] = shout
    compiled.keep_compiled_templates(env, {"EXPLAINER_CACHE_DIR": str(tmp_path)}, "b1")
    plain = Environment(loader=DictLoader(changed))
    plain.filters["shout"] = shout
    assert render(env) == render(plain)
    assert render(env).endswith("<b> changed")
