"""The garbage collector's pause (collector.py): off inside the block, back as it was
after it, an exception included."""

from __future__ import annotations

import gc

import pytest
from pelican.plugins.explainer_archive.collector import collector_paused


@pytest.fixture()
def collector_state():
    running = gc.isenabled()
    yield
    if running:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.parametrize("running", [True, False])
def test_the_pause_leaves_the_collector_as_it_found_it(collector_state, running):
    (gc.enable if running else gc.disable)()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is running
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a failed stage")
    assert gc.isenabled() is running


def test_cycles_made_in_the_pause_are_collected_after_it(collector_state):
    gc.enable()

    class Node:
        pass

    with collector_paused():
        node = Node()
        node.itself = node
        del node
        assert any(type(o) is Node for o in gc.get_objects())
    gc.collect()
    assert not any(type(o) is Node for o in gc.get_objects())
