"""Every theme readable: each text drawn by the comments pane, the article list and the key
bar measured on screen, in every built-in theme with RGB colours, against WCAG AA (4.5:1).

Colours are taken from the strips the widgets hand to the compositor (``render_lines``), not
from the theme table, and the contrast is computed here, independently of ``ui/readable.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widget import Widget

from agora.core.errors import AgoraError
from agora.core.model import Comment, CommentKind, CommentStatus
from agora.core.thread import Thread
from agora.service.config import load_config, save_setting
from agora.service.library import Library
from agora.service.reading import ReadTracker
from agora.service.welcome import welcome_batch
from agora.ui.app import AgoraApp
from agora.ui.styles import stylesheet_paths
from agora.ui.widgets.article_table import ArticleTable
from agora.ui.widgets.comment_painter import SELECTION_MARK
from agora.ui.widgets.comment_view import CommentView
from agora.ui.widgets.key_bar import KeyBar
from tests.conftest import sample_batch
from tests.pilot import wait_for

AA = 4.5
#: Graphics that are not text (the palette's rule, the scrollbar's thumb): WCAG asks 3:1.
GRAPHICS = {"▏": 3.0, "▐": 3.0}
WHEN = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def rgb_themes() -> list[str]:
    """The built-in themes that name RGB colours (the ANSI ones leave them to the terminal)."""
    themes = App().available_themes
    return sorted(
        name
        for name, theme in themes.items()
        if Color.parse(theme.primary).ansi is None
        and Color.parse(theme.background or "#000").ansi is None
    )


def _luminance(color: RichColor) -> float:
    r, g, b = color.get_truecolor()

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(fg: RichColor, bg: RichColor) -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)))
    return (b + 0.05) / (a + 0.05)


def measure(widget: Widget, theme: str, problems: list[str], seen: set[str]) -> None:
    """Check every visible character ``widget`` draws; note what was drawn in ``seen``."""
    for y, strip in enumerate(widget.render_lines(widget.size.region)):
        text = "".join(s.text for s in strip)
        seen.add(text)
        for seg in strip:
            assert isinstance(seg, Segment)
            if not seg.text.strip() or seg.control:
                continue
            style = seg.style
            where = f"{theme}: {type(widget).__name__} line {y} {seg.text.strip()[:20]!r}"
            if style is None or style.color is None or style.bgcolor is None:
                problems.append(f"{where}: no colour of its own ({style})")
                continue
            if style.dim or style.reverse:
                problems.append(f"{where}: dim/reverse leaves the colour to the terminal")
            r = ratio(style.color, style.bgcolor)
            if r < GRAPHICS.get(seg.text, AA):
                problems.append(f"{where}: {r:.2f}:1 ({style.color.name} on {style.bgcolor.name})")


def thread_comments() -> dict[int, Comment]:
    """One comment of every kind the pane draws differently."""

    def c(cid: int, parent: int | None, name: str, body: str, **kw: object) -> Comment:
        return Comment(cid, 1, parent, name, "", body, WHEN, **kw)  # type: ignore[arg-type]

    return {
        1: c(1, None, "Ada", "The article's author replies here.", is_article_author=True),
        2: c(2, 1, "Bob", "My own reply, with a match.", is_own=True),
        3: c(
            3,
            2,
            "Bob",
            "Queued.",
            is_own=True,
            status=CommentStatus.PENDING,
            status_reason="offline",
        ),
        4: c(4, 2, "Bob", "Held.", is_own=True, status=CommentStatus.HOLD),
        5: c(
            5, 1, "Bob", "Refused.", is_own=True, status=CommentStatus.FAILED, status_reason="spam"
        ),
        6: c(6, None, "blog.example", "A pingback from a blog.", kind=CommentKind.PINGBACK),
        7: c(7, None, "", "", status=CommentStatus.DELETED),
        8: c(8, 7, "Eve", "A reply to a deleted comment, with a match."),
        9: c(9, None, "Fay", "Has hidden replies."),
        10: c(10, 9, "Gus", "Hidden."),
    }


class ThreadApp(App[None]):
    CSS_PATH = stylesheet_paths()

    def compose(self) -> ComposeResult:
        comments = thread_comments()
        yield CommentView(lambda ids: {i: comments[i] for i in ids if i in comments})


async def test_every_part_of_the_thread_is_readable_in_every_theme() -> None:
    comments = thread_comments()
    pairs = [(c.id, c.parent_id) for c in comments.values()]
    problems: list[str] = []
    seen: set[str] = set()
    app = ThreadApp()
    async with app.run_test(size=(90, 16)) as pilot:  # a scrollbar too
        view = app.query_one(CommentView)
        view.set_thread(Thread(pairs))
        view.track_reads(ReadTracker(0, [1, 2, 6, 8]))
        view.show_matches("match", [2, 8])
        view.set_thread(Thread(pairs), select=9)
        view.action_collapse()
        for theme in rgb_themes():
            app.theme = theme
            await pilot.pause()
            for focused in (True, False):
                view.focus() if focused else app.set_focus(None)
                for row in range(len(view.rows)):
                    view._select_row(row)
                    await pilot.pause()
                    measure(view, theme, problems, seen)
    screen = "\n".join(sorted(seen))
    for part in [
        " author ",
        " you ",
        " new ",
        "pingback",
        "Not sent yet: offline",
        "awaiting moderation",
        "Could not be posted",
        "[comment deleted]",
        "hidden]",
        "│",
        "▾",
        "▸",
        SELECTION_MARK,
        "▐",
        "match",
    ]:
        assert part in screen, f"{part!r} was never drawn: the test does not cover it"
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"


async def test_the_article_list_and_key_bar_are_readable_in_every_theme(library: Library) -> None:
    library.store.imports.add(welcome_batch(WHEN))
    library.store.imports.add(sample_batch(title="Third"))
    problems: list[str] = []
    seen: set[str] = set()
    app = AgoraApp(library)
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one(ArticleTable)
        bar = app.screen.query_one(KeyBar)
        for theme in rgb_themes():
            app.theme = theme
            await pilot.pause()
            for focused in (True, False):
                table.focus() if focused else app.set_focus(None)
                await pilot.pause()
                measure(table, theme, problems, seen)
                measure(bar, theme, problems, seen)
    assert any("Welcome" in line for line in seen) and any("Third" in line for line in seen)
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"


# -- a theme chosen at run time ------------------------------------------------------------
CONFIG = """# my agora settings
theme = "nord"   # the old one

[keymap]
# vi keys
"comments.next" = "j,down"
"""


def test_saving_the_theme_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    save_setting(tmp_path, "theme", "textual-light")
    text = (tmp_path / "config.toml").read_text(encoding="utf-8")
    assert text == CONFIG.replace('theme = "nord"   # the old one', 'theme = "textual-light"')
    config = load_config(tmp_path)
    assert config.theme == "textual-light" and config.keymap == {"comments.next": "j,down"}


def test_saving_the_theme_adds_it_before_the_first_table(tmp_path: Path) -> None:
    save_setting(tmp_path, "theme", "nord")  # no file yet
    assert (tmp_path / "config.toml").read_text(encoding="utf-8") == 'theme = "nord"\n'
    (tmp_path / "config.toml").write_text('# hi\n[keymap]\n"app.help" = "f1"', encoding="utf-8")
    save_setting(tmp_path, "theme", 'odd "name"')
    text = (tmp_path / "config.toml").read_text(encoding="utf-8")
    assert text == '# hi\ntheme = "odd \\"name\\""\n[keymap]\n"app.help" = "f1"'
    assert load_config(tmp_path).theme == 'odd "name"'


def test_a_file_that_cannot_be_changed_safely_is_left_alone(tmp_path: Path) -> None:
    for text in ['theme = """\nnord"""\n', "theme = [\n]\n", "not toml ["]:
        (tmp_path / "config.toml").write_text(text, encoding="utf-8")
        with pytest.raises(AgoraError):
            save_setting(tmp_path, "theme", "nord")
        assert (tmp_path / "config.toml").read_text(encoding="utf-8") == text


async def test_a_theme_chosen_at_run_time_reaches_the_open_thread_and_is_kept(
    library: Library, tmp_path: Path
) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    app = AgoraApp(library, config=load_config(tmp_path), open_article=aid)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.query(CommentView))
        view = app.screen.query_one(CommentView)
        await wait_for(pilot, lambda: len(view.rows) > 0)
        await pilot.pause()

        def backgrounds() -> set[str]:
            return {
                seg.style.bgcolor.name
                for y in range(view.size.height)
                for seg in view.render_line(y)
                if seg.style and seg.style.bgcolor and seg.text.strip()
            }

        before = backgrounds()
        app.theme = "textual-light"
        await pilot.pause()
        after = backgrounds()
        light = Color.parse(app.current_theme.background or "")
        assert before.isdisjoint(after), "the thread kept colours of the old theme"
        assert light.hex.lower() in after
    assert load_config(tmp_path).theme == "textual-light"
    assert "# vi keys" in (tmp_path / "config.toml").read_text(encoding="utf-8")
    again = AgoraApp(library, config=load_config(tmp_path))
    async with again.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"


async def test_every_part_of_an_article_is_readable_in_every_theme(library: Library) -> None:
    from agora.ui.widgets.article_pane import ArticlePane

    result = library.import_path(Path(__file__).parents[1] / "data" / "article_parts.md")
    problems: list[str] = []
    seen: set[str] = set()
    app = AgoraApp(library, open_article=result.article_ids[0])
    async with app.run_test(size=(130, 50)) as pilot:
        await wait_for(pilot, lambda: app.screen.query(ArticlePane))
        pane = app.screen.query_one(ArticlePane)
        for theme in rgb_themes():
            app.theme = theme
            await pilot.pause()
            for focused in (True, False):
                pane.focus() if focused else app.set_focus(None)
                await pilot.pause()
                measure(pane, theme, problems, seen)
    text = "\n".join(seen)
    for part in ("The first heading", "Third level", "nested one", "return x", "scroll a line"):
        assert part in text
    assert "[2]" in text and "─" in text  # a link's number, a rule
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"
