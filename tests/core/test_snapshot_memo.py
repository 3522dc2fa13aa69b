"""What pages keep per snapshot: capped in number and bytes (keys can come from visitors), reset by a new snapshot."""

from __future__ import annotations

from typing import Any

from imigrasi_site.core.snapshot import SnapshotMemo


class Maker:
    """Makes a value of a given size and counts how often it was asked to."""

    def __init__(self) -> None:
        self.made: list[str] = []

    def __call__(self, key: str, size: int = 10):
        def make() -> str:
            self.made.append(key)
            return key * size
        return make


def fetch(memo: SnapshotMemo[str], snapshot: Any, maker: Maker, key: str, size: int = 10) -> str:
    return memo.get(snapshot, key, maker(key, size))


def test_a_value_is_made_once_per_snapshot_and_again_for_a_new_one():
    memo: SnapshotMemo[str] = SnapshotMemo()
    maker, first, second = Maker(), object(), object()
    assert fetch(memo, first, maker, "a") == "a" * 10
    fetch(memo, first, maker, "a")
    fetch(memo, second, maker, "a")
    assert maker.made == ["a", "a"]


def test_the_oldest_entries_go_when_the_count_or_the_bytes_run_out():
    by_count: SnapshotMemo[str] = SnapshotMemo(max_entries=2)
    maker, snapshot = Maker(), object()
    for key in "abc":
        fetch(by_count, snapshot, maker, key)
    fetch(by_count, snapshot, maker, "c")
    fetch(by_count, snapshot, maker, "a")  # pushed out by "c"
    assert maker.made == ["a", "b", "c", "a"]

    by_bytes: SnapshotMemo[str] = SnapshotMemo(size=len, max_bytes=25)
    maker = Maker()
    for key in "abc":  # 10 bytes each: "c" does not fit beside "a" and "b"
        fetch(by_bytes, snapshot, maker, key)
    for key in "bca":
        fetch(by_bytes, snapshot, maker, key)
    assert maker.made == ["a", "b", "c", "a"]


def test_a_value_larger_than_the_whole_budget_or_not_worth_keeping_is_made_each_time():
    memo: SnapshotMemo[str] = SnapshotMemo(size=len, max_bytes=25, keep=lambda value: not value.startswith("x"))
    maker, snapshot = Maker(), object()
    fetch(memo, snapshot, maker, "big", size=30)
    fetch(memo, snapshot, maker, "big", size=30)
    fetch(memo, snapshot, maker, "x")
    fetch(memo, snapshot, maker, "x")
    fetch(memo, snapshot, maker, "small", size=2)
    fetch(memo, snapshot, maker, "small", size=2)
    assert maker.made == ["big", "big", "x", "x", "small"]
