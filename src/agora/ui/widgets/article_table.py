"""The article list: a Line-API table that draws only the rows on screen.

Textual's ``DataTable`` measures every cell it is given as a rich renderable: 140 ms for
1,000 articles, longer than starting the app. Here a row is six strings made when the row is
drawn, laid out in columns whose widths come from the largest numbers and the distinct source
names, so showing a list costs next to nothing per article and a frame renders the visible rows
alone. Every string is drawn as plain text: titles and sources are never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from agora.core.humanize import BRIEF_WIDTH, brief_age
from agora.core.model import ArticleEntry
from agora.ui.readable import role_style

#: The widest the source column grows; longer names end in an ellipsis.
SOURCE_MAX = 30
#: The title takes what the other columns leave, but never less than this.
TITLE_MIN = 12


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    right: bool = False  # right-aligned (numbers)


COLUMNS = (
    Column("id", "#", right=True),
    Column("new", "New", right=True),
    Column("title", "Title"),
    Column("source", "Source"),
    Column("comments", "Comments", right=True),
    Column("published", "Published"),
    Column("activity", "Activity"),
)
_NEW, _TITLE, _SOURCE = 1, 2, 3


def _count(number: int) -> str:
    return f"{number:,}"


def _date(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d") if when else ""


#: The New column of an article never opened (or marked unread) with no new comments.
UNVISITED = "•"


def row_cells(article: ArticleEntry, new: int) -> tuple[str, ...]:
    """The text of each column for one article."""
    return (
        str(article.id),
        _count(new) if new else ("" if article.visited else UNVISITED),
        article.title,
        article.source_name,
        _count(article.comment_count),
        _date(article.published),
        brief_age(article.last_activity),
    )


def column_widths(articles: list[ArticleEntry], unread: dict[int, int]) -> list[int]:
    """The cells each column needs for ``articles`` (the title's is only its label's).

    The numbers' columns are as wide as their largest number and a date is at most ten cells;
    the source's width comes from the distinct names, a handful in most lists.
    """
    numbers = [
        max((a.id for a in articles), default=0),
        max((unread.get(a.id, 0) for a in articles), default=0),
        max((a.comment_count for a in articles), default=0),
    ]
    cells = [
        str(numbers[0]),
        _count(numbers[1]) if numbers[1] else ("" if all(a.visited for a in articles) else "•"),
        "",
        max({a.source_name for a in articles}, key=cell_len, default=""),
        _count(numbers[2]),
        "YYYY-MM-DD" if any(a.published for a in articles) else "",
        " " * BRIEF_WIDTH if any(a.last_activity for a in articles) else "",
    ]
    widths = [
        max(cell_len(c.label), cell_len(text)) for c, text in zip(COLUMNS, cells, strict=True)
    ]
    widths[_SOURCE] = min(widths[_SOURCE], SOURCE_MAX)
    return widths


def fit(text: str, width: int, right: bool = False) -> str:
    """``text`` in exactly ``width`` cells: padded, or cut with an ellipsis."""
    size = cell_len(text)
    if size > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else "…"[:width]
    pad = " " * (width - size)
    return pad + text if right else text + pad


class ArticleTable(ScrollView, can_focus=True):
    """One line per article; the cursor picks the one to open."""

    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]
    COMPONENT_CLASSES = {
        "article-table--header",
        "article-table--cursor",
        "article-table--stripe",
        "article-table--new",
    }

    cursor: reactive[int] = reactive(0, init=False)

    class Chosen(Message):
        """The user asked to open the article under the cursor."""

        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._articles: list[ArticleEntry] = []
        self._unread: dict[int, int] = {}
        self._widths: list[int] = column_widths([], {})

    # -- data -----------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._articles)

    @property
    def article_id(self) -> int | None:
        """The article under the cursor."""
        return self._articles[self.cursor].id if self._articles else None

    @property
    def entry(self) -> ArticleEntry | None:
        """The article under the cursor, as the list shows it."""
        return self._articles[self.cursor] if self._articles else None

    def unread(self, article_id: int) -> int:
        """The article's count of new comments."""
        return self._unread.get(article_id, 0)

    def _row(self, index: int) -> tuple[str, ...]:
        article = self._articles[index]
        return row_cells(article, self._unread.get(article.id, 0))

    def cells(self, article_id: int) -> dict[str, str]:
        """The text shown for ``article_id``, by column key."""
        index = next(i for i, a in enumerate(self._articles) if a.id == article_id)
        return {column.key: text for column, text in zip(COLUMNS, self._row(index), strict=True)}

    def show(self, articles: list[ArticleEntry], unread: dict[int, int]) -> None:
        """Show ``articles``; the cursor stays on its line (within the new list)."""
        self._articles = articles
        self._unread = unread
        self._widths = column_widths(articles, unread)
        self.virtual_size = Size(0, len(articles) + 1)
        self.cursor = min(self.cursor, max(0, len(articles) - 1))
        self.refresh()

    # -- keys and mouse -------------------------------------------------------------------
    def watch_cursor(self) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.size.height - 1)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)

    def _move(self, row: int) -> None:
        if self._articles:
            self.cursor = max(0, min(row, len(self._articles) - 1))

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_page_down(self) -> None:
        self._move(self.cursor + max(1, self.size.height - 2))

    def action_page_up(self) -> None:
        self._move(self.cursor - max(1, self.size.height - 2))

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self._articles) - 1)

    def action_choose(self) -> None:
        if self.article_id is not None:
            self.post_message(self.Chosen(self.article_id))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y - 1
        if event.y < 1 or not 0 <= row < len(self._articles):
            return
        if row == self.cursor or event.chain > 1:
            self.cursor = row
            self.action_choose()
        else:
            self.cursor = row

    def on_resize(self) -> None:
        self._scroll_to_cursor()

    # -- drawing --------------------------------------------------------------------------
    def _layout(self, width: int) -> list[int]:
        """Column widths for ``width`` cells: the title takes what the others leave."""
        widths = list(self._widths)
        others = sum(w + 2 for i, w in enumerate(widths) if i != _TITLE)
        widths[_TITLE] = max(TITLE_MIN, width - others - 2)
        return widths

    @staticmethod
    def _line(columns: tuple[Column, ...], cells: tuple[str, ...], widths: list[int]) -> str:
        return "".join(
            f" {fit(text, w, column.right)} "
            for column, text, w in zip(columns, cells, widths, strict=True)
        )

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        widths = self._layout(width)
        # Every part readable on its own background, whatever the theme (ui/readable.py).
        if y == 0:
            header = self._line(COLUMNS, tuple(c.label for c in COLUMNS), widths)
            style = role_style(self, "article-table--header")
            return Strip([Segment(header, style)]).adjust_cell_length(width, style)
        row = round(self.scroll_y) + y - 1
        if not 0 <= row < len(self._articles):
            return Strip.blank(width, role_style(self))
        if row == self.cursor:
            parts: tuple[str, ...] = ("article-table--cursor",)
        elif row % 2:
            parts = ("article-table--stripe",)
        else:
            parts = ()
        style = role_style(self, *parts)
        cells = self._row(row)
        new_style = role_style(self, *parts, "article-table--new")
        segments = [
            Segment(self._line(COLUMNS[:_NEW], cells[:_NEW], widths[:_NEW]), style),
            Segment(f" {fit(cells[_NEW], widths[_NEW], right=True)} ", new_style),
            Segment(self._line(COLUMNS[_NEW + 1 :], cells[_NEW + 1 :], widths[_NEW + 1 :]), style),
        ]
        return Strip(segments).adjust_cell_length(width, style)
