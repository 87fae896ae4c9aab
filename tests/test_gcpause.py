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


def test_freeze_keeps_what_was_loaded_out_of_later_collections():
    import subprocess
    import sys

    code = (
        "import gc\n"
        "from dyad.gcpause import paused_collection\n"
        "with paused_collection(freeze=True):\n"
        "    loaded = [[i] for i in range(10_000)]\n"
        "print(gc.get_freeze_count() >= 10_000, gc.get_threshold()[0] > 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]
