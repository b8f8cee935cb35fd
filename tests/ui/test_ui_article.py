"""The article pane with real keys on a long article: it opens at once, goes to the end and
back, leaves at once, numbers its links as the picker does, and keeps hostile text inert."""

from __future__ import annotations

import re

from agora.core.model import BodyFormat, ImportBatch, ImportedArticle, SourceKind
from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.modals.link_picker import LinkPicker
from agora.ui.screens.article import ArticleScreen
from agora.ui.screens.articles import ArticlesScreen
from agora.ui.widgets.article_pane import ArticlePane
from tests.hostile import CONTROLS, FORBIDDEN_OUTPUT, MARKUP
from tests.pilot import wait_for

END = "The very last paragraph."


def long_article(paragraphs: int = 40_000) -> str:
    """About 4 MB of Markdown: sections, paragraphs with links, quotes, code, a table."""
    blocks = []
    for i in range(paragraphs):
        if i % 50 == 0:
            blocks.append(f"## Section {i // 50}")
        elif i % 50 == 7:
            blocks.append("```\ncode line\n\nmore code\n```")
        elif i % 50 == 9:
            blocks.append("| a | b |\n|---|---|\n| 日本語 | 👍 |")
        else:
            blocks.append(
                f"Paragraph {i} says *something* with [link {i}](https://example.org/{i}) "
                "and goes on for a while so that it wraps over a few lines of the pane."
            )
    blocks.append(END)
    return "\n\n".join(blocks)


def add(library: Library, body: str, url: str = "https://example.org/article") -> int:
    article = ImportedArticle("a", "A long read", body, BodyFormat.MARKDOWN, url=url)
    batch = ImportBatch(SourceKind.FILE, "/long.md", "long.md", [article])
    return library.store.imports.add(batch).article_ids[0]


async def open_pane(pilot) -> ArticlePane:
    app = pilot.app
    await wait_for(pilot, lambda: app.screen.query(ArticlePane))
    pane = app.screen.query_one(ArticlePane)
    pane.focus()
    await pilot.pause()
    return pane


def lines(pane: ArticlePane) -> list[str]:
    return [pane.render_line(y).text for y in range(pane.content_size.height)]


async def test_a_long_article_goes_to_its_end_and_back_and_leaves_at_once(
    library: Library,
) -> None:
    aid = add(library, long_article())
    app = AgoraApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        app.open_article(aid)
        pane = await open_pane(pilot)
        assert "A long read" in lines(pane)[1]
        await pilot.press("j", "j")
        assert (pane.viewport.top, pane.viewport.top_line) == (0, 2)
        await pilot.press("space")
        assert pane.viewport.top > 0
        await pilot.press("k")
        await pilot.press("G")  # at once, or as soon as the scan reaches the end
        await wait_for(pilot, lambda: pane.scanned)
        await pilot.pause()
        shown = lines(pane)
        assert END in shown[-1]  # the end sits at the bottom, not above a gap
        await pilot.press("j")
        assert any(END in line for line in lines(pane))  # nothing to scroll past the end
        await pilot.press("b", "g")
        assert "A long read" in lines(pane)[1]
        await pilot.press("end")
        assert any(END in line for line in lines(pane))
        await pilot.press("q")
        assert isinstance(app.screen, ArticlesScreen)
        assert not pane.index.text  # the body is let go with the pane


async def test_leaving_while_the_article_is_still_being_read(library: Library) -> None:
    aid = add(library, long_article(80_000))
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_pane(pilot)
        await pilot.press("G", "q")
        assert not isinstance(app.screen, ArticleScreen)
        assert pane.index.done and not pane.index.text  # the scan stopped, the body let go


async def test_the_link_picker_numbers_links_as_the_pane_does(library: Library) -> None:
    aid = add(library, long_article(3_000))
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_pane(pilot)
        await pilot.press("G")
        await wait_for(pilot, lambda: pane.scanned)
        await pilot.press("b", "b")
        text = "\n".join(lines(pane))
        label, number = re.search(r"link (\d+)\[(\d+)\]", text).groups()  # type: ignore[union-attr]
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, LinkPicker))
        picker = app.screen
        assert isinstance(picker, LinkPicker)
        assert picker.links[0].url == "https://example.org/article"
        # ~3,000 links: the picker lists those around the view, each with its own number
        assert len(picker.links) <= 301 + 40 and int(number) > 301  # + those on screen
        by_number = {link.number or n: link.url for n, link in enumerate(picker.links, 1)}
        assert by_number[int(number)] == f"https://example.org/{label}"
        assert sorted(by_number) == [link.number for link in picker.links]


async def test_the_picker_lists_every_link_of_an_ordinary_article(library: Library) -> None:
    aid = add(library, long_article(100))
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pane(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, LinkPicker))
        picker = app.screen
        assert isinstance(picker, LinkPicker)
        urls = [link.url for link in picker.links]
        assert (
            urls[0] == "https://example.org/article" and len(urls) == 1 + 100 - 6
        )  # sections, code
        assert urls[1:3] == ["https://example.org/1", "https://example.org/2"]
        await pilot.press("3")  # opens link 3 (in a worker, which finds no browser here)
        assert not isinstance(app.screen, LinkPicker)


async def test_a_resize_keeps_the_place(library: Library) -> None:
    aid = add(library, long_article(2_000))
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_pane(pilot)
        await pilot.press(*["space"] * 10)
        top = pane.viewport.top
        first = next(line for line in lines(pane) if "Paragraph" in line)
        await pilot.resize_terminal(150, 40)
        await pilot.pause()
        assert pane.viewport.top == top
        assert pane.content_size.width > 60
        number = re.search(r"Paragraph \d+", first).group()  # type: ignore[union-attr]
        assert any(number in line for line in lines(pane)[:8])


async def test_hostile_markdown_in_an_article_stays_inert(library: Library) -> None:
    texts = MARKUP + [c for c, _ in CONTROLS]
    body = "\n\n".join(
        [
            *texts,
            *(f"# {t}" for t in texts),
            *(f"> {t}\n\n- {t}\n\n| {t} | x |\n|---|---|\n| y | {t} |" for t in texts),
            "[click](<https://example.org/\x1b[31m>) ![\x1b]0;title\x07](https://x.org/i.png)",
            "```\n" + "\n".join(texts) + "\n```",
        ]
    )
    aid = add(library, body)
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(160, 50)) as pilot:
        pane = await open_pane(pilot)
        seen: list[str] = []
        for _ in range(60):
            seen.extend(lines(pane))
            await pilot.press("space")
        text = "\n".join(seen)
        for bad in FORBIDDEN_OUTPUT:
            assert bad not in text
        assert "[bold]" in text or "[b]" in text  # markup is shown as the text it is
        assert isinstance(app.screen, ArticleScreen)
