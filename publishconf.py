"""Settings for the publishable build: `pelican content -s publishconf.py`.

SITEURL comes from the environment variable SITEURL (e.g. https://example.org/explainer),
falling back to the value below.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://explainer.example.org").rstrip("/")
RELATIVE_URLS = False
EXPLAINER_FEEDS = True
DELETE_OUTPUT_DIRECTORY = True
PUBLISH_BUILD = True
