from dyad.chunks import chunked, chunked_for_workers


def test_chunked_keeps_order_and_leaves_a_short_last_list():
    assert list(chunked(iter(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunked([], 3)) == []
    assert list(chunked("ab", 2)) == [["a", "b"]]


def test_chunked_for_workers_cuts_the_end_finer():
    # 8 per list, 2 workers: read 24 ahead; the last 16 to 24 items come in lists of 2
    got = list(chunked_for_workers(iter(range(38)), 8, 2))
    assert got == [list(range(0, 8)), list(range(8, 16)), *([n, n + 1] for n in range(16, 38, 2))]
    assert list(chunked_for_workers(range(5), 8, 2)) == [[0, 1], [2, 3], [4]]
    assert list(chunked_for_workers([], 8, 2)) == []
    assert list(chunked_for_workers("abc", 2, 1)) == [["a"], ["b"], ["c"]]  # a quarter of 2 is one
