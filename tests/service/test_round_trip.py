"""The user's own words, character for character: typed into a draft, stored, posted (kept here
or queued for a site), exported as JSON and Markdown, and handed to the delivery that sends it.

The only change allowed is the documented one: blank lines before and after the text are
trimmed (``writing._checked`` strips ``"\\n"``, nothing else).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.pilot import Pilot

from agora.core.model import COMMENT_MAX_CHARS, ImportBatch, ImportedArticle
from agora.core.text import sanitize
from agora.service.delivery import _Job, _job
from agora.service.library import Library
from agora.store import Store
from agora.ui.app import AgoraApp
from agora.ui.screens.article import ArticleScreen
from agora.ui.widgets.composer_parts import ComposerTextArea
from tests.hostile import ENGLAND, FAMILY, ORDINARY, RAINBOW, SCOTLAND, WALES
from tests.pilot import wait_for
from tests.wordpress.server import free_port
from tests.wpsites import MemoryKeyring, point_site_at, using_keyring

#: Words the gate must keep as they are: ZWNJ, ZWJ, ZWSP, marks, selectors, tag sequences.
WORDS = [
    "می\u200cخواهم",  # Persian, with ZWNJ
    FAMILY,
    RAINBOW,
    SCOTLAND,
    WALES,
    ENGLAND,
    "क्\u200dष क्\u200cष हिन्दी",  # Hindi with ZWJ and ZWNJ
    "ภาษา\u200bไทย\u200bง่าย",  # Thai, word breaks as ZWSP
    "\u200fדניאל\u200e (RTL name, LRM)",
    "\u061c١٢٣ no\u2060break soft\u00adhyphen",
    "❤\ufe0f ☺\ufe0e 葛\U000e0100 👩🏽\u200d💻",
]
#: Characters that are not printable yet kept: mixed into arbitrary text.
KEPT = "\u200b\u200c\u200d\u200e\u200f\u061c\u2060\ufe0e\ufe0f\U000e0100\u00ad\u00a0\u3000\t\n "


def _no_controls(text: str) -> bool:
    """Text the gate is documented to leave alone (line breaks are normalised, so none but
    ``"\\n"``)."""
    return sanitize(text) == text


_PIECES = st.one_of(
    st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=12),
    st.sampled_from(WORDS + ORDINARY),
    st.text(st.sampled_from(KEPT), min_size=1, max_size=3),
)
#: Broad Unicode (minus what the gate removes) with the special characters mixed in.
TEXTS = (
    st.lists(_PIECES, min_size=1, max_size=8)
    .map("".join)
    .filter(_no_controls)
    .filter(lambda t: bool(t.strip()) and len(t) <= COMMENT_MAX_CHARS)
)


@contextmanager
def _library() -> Iterator[Library]:
    with tempfile.TemporaryDirectory() as home, using_keyring(MemoryKeyring()):
        store = Store(Path(home) / "agora.db")
        try:
            yield Library(store)
        finally:
            store.close()


def _articles(library: Library) -> tuple[int, int]:
    """A local article and a WordPress site's article (its server is gone: nothing is sent)."""
    local = library.store.imports.add(
        ImportBatch("file", "/here.md", "here.md", [ImportedArticle("a", "Local", "Body")])
    ).article_ids[0]
    home = f"http://127.0.0.1:{free_port()}"
    remote = ImportedArticle("7", "A post", "Body", url=home + "/a-post/")
    result = library.store.imports.add(ImportBatch("wordpress", home, "Gone", [remote]))
    point_site_at(library, result.source_id, home + "/wp-json/")
    return local, result.article_ids[0]


def _exported(library: Library, article_id: int, comment_id: int) -> tuple[str, str]:
    """The comment's body in the JSON export and in the Markdown export."""
    data = json.loads(library.export(article_id, "json"))
    (comment,) = data["comments"]
    assert comment["id"] == comment_id
    md = library.export(article_id, "md")
    header = f" · #{comment_id}\n\n"  # the comment's header line, then a blank line
    assert md.count(header) == 1 and md.endswith("\n")
    return comment["body"], md.split(header, 1)[1][:-1]


def check_round_trip(library: Library, local: int, remote: int, text: str) -> None:
    expected = text.strip("\n")
    guest = library.use_guest("Gina", "gina@example.com")
    for article_id in (local, remote):
        library.save_draft(article_id, None, text)
        draft = library.draft(article_id, None)
        assert draft is not None and draft.body == text
        posted = library.post(article_id, None, draft.body, guest, from_draft=True)
        assert posted.body == expected
        assert library.store.comments.get(posted.id).body == expected
        assert _exported(library, article_id, posted.id) == (expected, expected)
    claim = library.outbox.claim(force=True)
    assert claim is not None and claim.comment_id == posted.id
    job = _job(library.outbox, claim)
    assert isinstance(job, _Job)
    assert job.comment.body == expected  # what the delivery hands the engine to send


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTS)
def test_any_text_without_controls_makes_the_round_trip(text: str) -> None:
    with _library() as library:
        local, remote = _articles(library)
        check_round_trip(library, local, remote, text)


@pytest.mark.parametrize("text", [*WORDS, " ".join(WORDS), "\n".join(WORDS), "\n\n" + FAMILY])
def test_the_users_own_words_make_the_round_trip(text: str) -> None:
    with _library() as library:
        local, remote = _articles(library)
        check_round_trip(library, local, remote, text)


def test_the_round_trip_check_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """A gate that dropped ZWNJ, as the old one did, would be caught."""
    import agora.service.writing as writing

    monkeypatch.setattr(writing, "sanitize", lambda t: sanitize(t).replace("\u200c", ""))
    with _library() as library:
        local, remote = _articles(library)
        with pytest.raises(AssertionError):
            check_round_trip(library, local, remote, WORDS[0])


# -- typed and pasted in the composer -------------------------------------------------------


async def type_in_a_terminal(pilot: Pilot, text: str) -> None:
    """Key events as Textual makes them from what a terminal sends (one per character: an IME
    or a keyboard layout with ZWNJ sends the characters themselves)."""
    from textual._xterm_parser import XTermParser

    for event in XTermParser().feed(text.replace("\n", "\r")):
        pilot.app.post_message(event)
        await pilot.pause()


@pytest.mark.parametrize("how", ["typed", "pasted"])
async def test_words_typed_or_pasted_in_the_composer_are_posted_as_they_are(
    library: Library, how: str
) -> None:
    from tests.conftest import sample_batch
    from tests.ui.test_ui_compose import composer, open_article, paste

    aid = library.store.imports.add(sample_batch()).article_ids[0]
    library.use_guest("Jane Doe", "jane@example.org")
    text = "\n".join([*WORDS, "a\u00a0b\u3000c"])  # no-break and ideographic spaces too
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_article(pilot)
        await pilot.press("c")
        await composer(pilot)
        if how == "typed":
            await type_in_a_terminal(pilot, text)
        else:
            await paste(pilot, text)
        await pilot.pause()
        assert app.screen.query_one(ComposerTextArea).text == text
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
    [mine] = [
        c
        for c in library.store.comments.many(
            [cid for cid, _ in library.store.comments.thread_pairs(aid)]
        ).values()
        if c.is_own
    ]
    assert mine.body == text
