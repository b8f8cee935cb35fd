"""Following a discussion without the UI: read marks, finding text in a thread, visits."""

from __future__ import annotations

from agora.core.model import ImportBatch, ImportedArticle
from agora.service.library import Library
from agora.service.reading import (
    ReadMark,
    ReadTracker,
    comment_matches,
    find_pattern,
    open_visit,
    unseen_ids,
)
from tests.conftest import sample_batch


def test_only_comments_that_were_shown_count_as_seen_in_any_order() -> None:
    tracker = ReadTracker(10, [11, 12, 13, 20])
    assert tracker.new_ids == {11, 12, 13, 20}
    assert tracker.to_save() is None
    assert tracker.shown([5, 12, 20])  # 11 was not shown: the mark stays, 12 and 20 count
    assert tracker.mark == 10
    assert tracker.to_save() == ReadMark(10, (12, 20)) and tracker.to_save() is None
    assert not tracker.shown([12, 5])  # nothing new on screen
    assert tracker.shown([11])
    assert tracker.mark == 12
    assert tracker.to_save() == ReadMark(12, (20,)) and tracker.to_save() is None
    assert tracker.shown([13])
    assert tracker.mark == 20 and tracker.to_save() == ReadMark(20, ())


def test_marks_out_of_order_are_stored_and_counted(library: Library) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    ids = sorted(library.store.comments.thread_columns(aid)[0])
    library.mark_seen(aid, ids[1], also=[ids[4], ids[6], ids[0]])  # read newest first, say
    assert library.unread_counts() == {aid: 3}
    assert unseen_ids(library, aid, ids[1]) == [ids[2], ids[3], ids[5]]
    assert library.store.read_state.seen_above_mark(aid) == [ids[4], ids[6]]
    library.mark_seen(aid, ids[4])  # the mark moves past some of them: they go
    assert library.store.read_state.seen_above_mark(aid) == [ids[6]]
    assert library.unread_counts() == {aid: 1}
    library.mark_seen(aid, ids[5])
    assert library.unread_counts() == {}  # all at or below the mark, or shown
    assert library.store.read_state.seen_above_mark(aid) == [ids[6]]


def test_a_first_visit_marks_nothing_new_but_still_tracks_what_was_shown() -> None:
    tracker = ReadTracker(0, [1, 2, 3], visited=False)
    assert tracker.new_ids == frozenset()
    tracker.shown([1, 2])
    assert tracker.mark == 2


def test_find_pattern_is_literal_and_case_blind() -> None:
    pattern = find_pattern("  A.B[  ")
    assert pattern is not None
    assert pattern.search("xa.b[y") and not pattern.search("axb[")
    assert find_pattern("   ") is None


def test_comment_matches_reads_author_and_text_in_chunks(library: Library, monkeypatch) -> None:
    import agora.service.reading as reading

    monkeypatch.setattr(reading, "_SCAN_CHUNK", 2)
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    comments = library.store.comments.many(unseen_ids(library, aid, 0))
    names = {cid: c.author_name for cid, c in comments.items()}
    found = comment_matches(library, aid, "ADA")
    assert sorted(names[i] for i in found) == ["Ada", "Bob", "Dee"]  # Ada, and "to Ada."
    assert comment_matches(library, aid, "") == []
    assert comment_matches(library, aid, "reply", cancelled=lambda: True) == []


def test_deleted_placeholders_never_match(library: Library) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    own = library.store.comments.add(aid, None, author_name="Qwz", body="findme")
    library.store.comments.add(aid, own.id, author_name="Other", body="reply", is_own=False)
    assert comment_matches(library, aid, "findme") == [own.id]
    library.store.comments.delete(own.id)  # has a reply: stays as a placeholder
    assert comment_matches(library, aid, "findme") == []
    assert comment_matches(library, aid, "Qwz") == []


def test_visits_are_recorded_so_later_comments_are_new(library: Library) -> None:
    batch = ImportBatch("file", "/empty", "empty", [ImportedArticle("e", "Quiet", "No one yet.")])
    aid = library.store.imports.add(batch).article_ids[0]
    first = open_visit(library, aid)
    assert not first.visited and first.unseen == []
    library.store.comments.add(aid, None, author_name="Zed", body="Hello", is_own=False)
    second = open_visit(library, aid)
    assert second.visited and len(second.unseen) == 1
    assert ReadTracker(second.seen_until, second.unseen, second.visited).new_ids
