"""Formatted comments in the comments pane: quotes with bars, code, lists and numbered links,
drawn from the document model; copy gives the plain text, the picker the same numbers."""

from __future__ import annotations

from datetime import UTC, datetime

from agora.core.document import plain_text
from agora.core.html_text import comment_body
from agora.core.markdown_light import parse
from agora.core.model import BodyFormat, ImportBatch, ImportedArticle, ImportedComment
from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.modals.link_picker import LinkPicker
from tests.pilot import screen_text, wait_for
from tests.ui.test_ui_reading import open_sample

FORMATTED_HTML = (
    "<blockquote><p>You wrote <em>this</em>:</p>"
    "<blockquote><p>and I quoted <strong>that</strong></p></blockquote></blockquote>"
    "<p>Try <code>git log --oneline</code> or see "
    '<a href="https://example.org/docs">the docs</a>, not <del>the wiki</del>.</p>'
    "<ul><li>first</li><li>second<ol><li>nested</li></ol></li></ul>"
    "<pre>def f():\n    return [b]1[/b]</pre>"
    '<p>[red]not markup[/red] <a href="https://example.org/b">https://example.org/b</a></p>'
)


def formatted_batch() -> ImportBatch:
    body, body_format = comment_body(FORMATTED_HTML)
    assert body_format == BodyFormat.MARKDOWN
    base = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    comments = [
        ImportedComment("1", None, "Ada", body, base, body_format=body_format),
        ImportedComment("2", "1", "Bob", "A plain reply, *as typed*.", base.replace(minute=5)),
    ]
    article = ImportedArticle("a", "Formatted thread", "An article.", comments=comments)
    return ImportBatch("file", "/formatted", "Formatted", [article])


async def test_a_formatted_comment_is_drawn_copied_and_linked(library: Library) -> None:
    aid = library.store.imports.add(formatted_batch()).article_ids[0]
    app = AgoraApp(library, open_article=aid)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_sample(pilot, library)
        view.focus()
        await pilot.pause()
        text = screen_text(app)
        assert "▎ You wrote this:" in text
        assert "▎ ▎ and I quoted that" in text  # the nested quote, a bar per level
        assert "git log --oneline" in text and "`" not in text
        assert "the docs[1]" in text and "https://example.org/b[2]" in text
        assert "• first" in text and "  1. nested" in text
        assert "return [b]1[/b]" in text and "[red]not markup[/red]" in text
        assert "A plain reply, *as typed*." in text  # plain comments as before
        # The styles are the theme's: the link is underlined, the strike struck through.
        lines = [view.render_line(y) for y in range(view.content_size.height)]
        segments = [s for line in lines for s in line]
        docs = next(s for s in segments if s.text.startswith("the docs"))
        assert docs.style is not None and docs.style.underline
        wiki = next(s for s in segments if s.text == "the wiki")
        assert wiki.style is not None and wiki.style.strike
        code = next(s for s in segments if "git log" in s.text)
        assert code.style is not None and code.style.bgcolor is not None

        await pilot.press("y")
        await app.workers.wait_for_complete()
        await wait_for(pilot, lambda: copied)
        comment = view.selected_comment
        assert comment is not None
        assert copied == [plain_text(parse(comment.body))]
        assert "*" not in copied[0] and "> You wrote this:" in copied[0]

        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, LinkPicker))
        picker = app.screen
        assert isinstance(picker, LinkPicker)
        assert [link.url for link in picker.links[:2]] == [
            "https://example.org/docs",
            "https://example.org/b",
        ]


def _thread_snapshot(snap_compare, library: Library, theme: str) -> bool:
    aid = library.store.imports.add(formatted_batch()).article_ids[0]

    async def run_before(pilot) -> None:
        pilot.app.theme = theme
        await open_sample(pilot, library)
        await pilot.press("tab")
        await pilot.pause(0.2)

    app = AgoraApp(library, open_article=aid)
    return snap_compare(app, terminal_size=(110, 36), run_before=run_before)


def test_formatted_thread_dark(snap_compare, library: Library, frozen_clock: datetime) -> None:
    assert _thread_snapshot(snap_compare, library, "textual-dark")


def test_formatted_thread_light(snap_compare, library: Library, frozen_clock: datetime) -> None:
    assert _thread_snapshot(snap_compare, library, "textual-light")
