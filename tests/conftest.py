import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "plugins"))


# ---------------------------------------------------------------------------------------
# Built-site fixture (reading experience: theme, links, browser tests).
# Builds the real site ONCE per test session into a temporary folder, with a temporary
# cache, so tests never touch the repository's output/ or cache/.
# Set EXPLAINER_TEST_SITE=/path/to/output to reuse an already-built site instead.
# ---------------------------------------------------------------------------------------
import os  # noqa: E402
import subprocess  # noqa: E402

import pytest  # noqa: E402

SITE_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The output folder of a full `pelican` build of the project (development settings)."""
    reuse = os.environ.get("EXPLAINER_TEST_SITE")
    if reuse:
        return Path(reuse).resolve()
    base = tmp_path_factory.mktemp("built-site")
    out, cache = base / "output", base / "cache"
    command = [
        sys.executable, "-m", "pelican", str(SITE_ROOT / "content"),
        "-s", str(SITE_ROOT / "pelicanconf.py"),
        "-o", str(out),
        "-e", f"CACHE_PATH={json_string(str(cache))}",
    ]
    result = subprocess.run(command, cwd=SITE_ROOT, capture_output=True, text=True, timeout=900)
    if result.returncode != 0 or not (out / "index.html").is_file():
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        pytest.fail(f"site build failed (exit {result.returncode}):\n{tail}", pytrace=False)
    return out


def json_string(value: str) -> str:
    """A Pelican `-e` value: JSON, so a path becomes a quoted string."""
    import json

    return json.dumps(value)
