"""The test modules' name for tests/support/sitebuild.py (building a site into temporary
folders), kept so that `from sitebuild import build_site` goes on working."""

from support.sitebuild import (
    ROOT,
    SEEDS,
    BuiltSite,
    build_command,
    build_env,
    build_site,
    seed_content,
)

__all__ = ["ROOT", "SEEDS", "BuiltSite", "build_command", "build_env", "build_site", "seed_content"]
