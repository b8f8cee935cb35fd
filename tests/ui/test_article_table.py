"""The article list widget: columns that fit, keys, the mouse, and text that stays inert."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult

from agora.core.humanize import BRIEF_WIDTH
from agora.core.model import ArticleEntry
from agora.ui.widgets.article_table import (
    COLUMNS,
    SOURCE_MAX,
    ArticleTable,
    column_widths,
    fit,
    row_cells,
)
from tests.hostile import MARKUP


@given(st.text(), st.integers(min_value=1, max_value=60), st.booleans())
def test_fit_always_fills_exactly_its_width(text: str, width: int, right: bool) -> None:
    text = "".join(ch for ch in text if cell_len(ch) > 0 or ch == " ")
    out = fit(text, width, right)
    assert cell_len(out) == width
    if cell_len(text) <= width:
        assert out.strip(" ") == text.strip(" ")


_entries = st.lists(
    st.builds(
        ArticleEntry,
        id=st.integers(min_value=1, max_value=10**12),
        source_name=st.text(max_size=50),
        title=st.text(max_size=20),
        published=st.none() | st.datetimes(timezones=st.just(dt.UTC)),
        comment_count=st.integers(min_value=0, max_value=10**9),
        last_activity=st.none() | st.datetimes(timezones=st.just(dt.UTC)),
        visited=st.booleans(),
    ),
    max_size=30,
)


@given(_entries, st.data())
def test_column_widths_fit_every_row_exactly(articles: list[ArticleEntry], data) -> None:
    """The widths come from the largest numbers and the distinct sources, not from every row's
    text, and still match the widest cell of each column (a date takes at most ten)."""
    unread = {a.id: data.draw(st.integers(min_value=0, max_value=10**7)) for a in articles}
    widths = column_widths(articles, unread)
    rows = [row_cells(a, unread[a.id]) for a in articles]
    for i, column in enumerate(COLUMNS):
        if column.key == "title":
            continue
        widest = max([cell_len(column.label)] + [cell_len(row[i]) for row in rows])
        if column.key == "source":
            widest = min(widest, SOURCE_MAX)
        if column.key == "published":
            dated = any(a.published for a in articles)
            assert widest <= widths[i] == max(cell_len(column.label), 10 if dated else 0)
        elif column.key == "activity":  # '11mo ago' at most, whatever the clock says
            assert widest <= widths[i] == max(cell_len(column.label), BRIEF_WIDTH)
        else:
            assert widths[i] == widest, column.key


def _articles(n: int, title: str = "Article") -> list[ArticleEntry]:
    when = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    return [ArticleEntry(i + 1, "Source", f"{title} {i + 1}", when, i * 1000) for i in range(n)]


class TableApp(App[None]):
    def __init__(self, articles: list[ArticleEntry], unread: dict[int, int]) -> None:
        super().__init__()
        self.articles = articles
        self.unread = unread
        self.chosen: list[int] = []

    def compose(self) -> ComposeResult:
        yield ArticleTable()

    def on_mount(self) -> None:
        self.query_one(ArticleTable).show(self.articles, self.unread)

    def on_article_table_chosen(self, event: ArticleTable.Chosen) -> None:
        self.chosen.append(event.article_id)


def _text(app: App[None]) -> str:
    table = app.query_one(ArticleTable)
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


async def test_keys_move_the_cursor_and_keep_it_on_screen() -> None:
    app = TableApp(_articles(500), {3: 1234})
    async with app.run_test(size=(80, 12)) as pilot:
        table = app.query_one(ArticleTable)
        assert table.row_count == 500 and table.article_id == 1
        assert table.cells(3)["new"] == "1,234"
        await pilot.press("down", "down")
        assert table.article_id == 3
        await pilot.press("end")
        await pilot.pause()
        assert table.article_id == 500
        assert "Article 500" in _text(app)  # scrolled into view
        assert "Article 1 " not in _text(app)
        await pilot.press("pageup")
        assert table.article_id == 500 - (table.size.height - 2)
        await pilot.press("home")
        await pilot.pause()
        assert table.article_id == 1 and "Article 1 " in _text(app)
        await pilot.press("up")
        assert table.article_id == 1  # stops at the top


async def test_a_click_moves_the_cursor_and_a_second_click_opens() -> None:
    app = TableApp(_articles(5), {})
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.click(ArticleTable, offset=(5, 3))  # line 3: the third article
        assert app.query_one(ArticleTable).article_id == 3
        assert app.chosen == []
        await pilot.click(ArticleTable, offset=(5, 3))
        assert app.chosen == [3]
        await pilot.click(ArticleTable, offset=(5, 0))  # the header opens nothing
        assert app.chosen == [3]


async def test_titles_are_plain_text_and_wide_text_keeps_its_columns() -> None:
    markup = " ".join(MARKUP[:6])
    articles = [*_articles(2, title=markup), *_articles(1, title="表示テスト" * 20)]
    app = TableApp(articles, {})
    async with app.run_test(size=(100, 8)):
        lines = _text(app).splitlines()
        assert "[bold]not bold[/bold] [/ [/]" in lines[1]  # as written, not parsed as markup
        assert all(cell_len(line) == 100 for line in lines)
        wide = lines[3]
        assert "…" in wide and wide.rstrip().endswith("2026-01-02")


async def test_an_empty_list_has_no_cursor_and_opens_nothing() -> None:
    app = TableApp([], {})
    async with app.run_test(size=(60, 6)) as pilot:
        table = app.query_one(ArticleTable)
        assert table.article_id is None
        await pilot.press("down", "end", "enter")
        table.action_choose()
        await pilot.pause()
        assert app.chosen == []
