"""The memos of the request path stay bounded: a full one is emptied before it takes a key."""

from service.bounded import keep


def test_keep_stores_and_returns_the_value():
    memo: dict[str, int] = {}
    assert keep(memo, "a", 1, limit=3) == 1
    assert keep(memo, "a", 2, limit=3) == 2
    assert memo == {"a": 2}


def test_a_full_memo_is_emptied_before_it_takes_a_key():
    memo: dict[int, int] = {}
    for key in range(3):
        keep(memo, key, key, limit=3)
    assert len(memo) == 3
    keep(memo, 3, 3, limit=3)
    assert memo == {3: 3}
    for key in range(1000):
        keep(memo, key, key, limit=3)
        assert len(memo) <= 3
