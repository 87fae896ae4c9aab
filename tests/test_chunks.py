from dyad.chunks import chunked


def test_chunked_keeps_order_and_leaves_a_short_last_list():
    assert list(chunked(iter(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunked([], 3)) == []
    assert list(chunked("ab", 2)) == [["a", "b"]]
