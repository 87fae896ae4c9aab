import gc

import srsly

from dyad.gcpause import paused_collection


def test_no_collection_even_when_a_loader_enables_the_collector():
    before = gc.get_threshold()
    with paused_collection():
        srsly.msgpack_loads(srsly.msgpack_dumps({"a": [1, 2]}))  # calls gc.enable() when it ends
        assert gc.get_threshold()[0] == 0  # a zero threshold: no automatic collection
        collections = gc.get_stats()[0]["collections"]
        garbage = [[] for _ in range(50_000)]  # far past the usual threshold of 700 new objects
        assert gc.get_stats()[0]["collections"] == collections
    assert gc.get_threshold() == before
    del garbage


def test_the_collector_is_left_as_it_was():
    gc.disable()
    try:
        with paused_collection():
            gc.enable()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with paused_collection():
        gc.disable()
    assert gc.isenabled()
