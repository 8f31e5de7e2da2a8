"""Python's cyclic garbage collector, paused while the archive stage makes or reads its
large plain data.

The archive stage builds millions of small objects that live until the stage ends (every
article's derived record, the merged actors, events and topics, the state's rows) and
makes no reference cycles among them.  With the collector running, each of its full
passes walks everything built so far, and those passes grow with the archive: reading the
derived records of 10,000 articles took 25-31 s with it and 9-12 s without (the same
records, one process).  Reference counting still frees everything as usual; only cycles
wait until the collector runs again, on leaving the block.  A library may turn the
collector back on inside a block (spaCy's model loader, srsly, does so unconditionally),
so a step that may load spaCy stays outside one.
"""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def collector_paused():
    """Pause the cyclic garbage collector for the block (if it was running)."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
