"""`PLUGINS = ["explainer_archive"]` under a plain editable install (`pip install -e .`).

Pelican finds namespace plugins by listing the folders of `pelican.plugins`; setuptools'
editable finder makes `pelican.plugins.explainer_archive` importable but not listable, so
Pelican falls back to importing the top-level name `explainer_archive`: this module, which
hands it the real plugin.  After `pip install .` Pelican finds the namespace plugin first.
"""

from pelican.plugins.explainer_archive import register

__all__ = ["register"]
