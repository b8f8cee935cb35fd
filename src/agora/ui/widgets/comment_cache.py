"""What the comments pane keeps between frames: comments fetched on demand and their strips.

Both are bounded LRU caches, so a pane over a huge thread holds only what was recently shown.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable

from textual.strip import Strip

from agora.core.document import Document
from agora.core.markdown_light import parse
from agora.core.model import BodyFormat, Comment

CommentLoader = Callable[[Iterable[int]], dict[int, Comment]]
_CACHE_BLOCKS = 4000
_CACHE_COMMENTS = 20_000
_CACHE_DOCUMENTS = 2000
#: A formatted body longer than this is shown as its text (cut, as a plain one is).
MAX_FORMATTED_CHARS = 20_000


class CommentCache:
    """Comments by id (loaded in batches by ``loader``) and rendered blocks by key.

    A block's key starts with its comment's id, so that one comment's blocks can be dropped.
    """

    def __init__(self, loader: CommentLoader) -> None:
        self._loader = loader
        self._comments: OrderedDict[int, Comment] = OrderedDict()
        self._blocks: OrderedDict[tuple[Hashable, ...], list[Strip]] = OrderedDict()
        self._documents: OrderedDict[int, tuple[str, Document]] = OrderedDict()

    def document(self, comment: Comment) -> Document | None:
        """A formatted comment's document, parsed once (None for a plain comment)."""
        if comment.body_format != BodyFormat.MARKDOWN or len(comment.body) > MAX_FORMATTED_CHARS:
            return None
        kept = self._documents.get(comment.id)
        if kept is not None and kept[0] is comment.body:
            self._documents.move_to_end(comment.id)
            return kept[1]
        document = parse(comment.body)
        self._documents[comment.id] = (comment.body, document)
        if len(self._documents) > _CACHE_DOCUMENTS:
            self._documents.popitem(last=False)
        return document

    def load(self, ids: Iterable[int]) -> dict[int, Comment]:
        """The comments ``ids`` that exist, fetching the ones not cached in one call."""
        wanted = list(ids)
        missing = [i for i in wanted if i not in self._comments]
        if missing:
            self._comments.update(self._loader(missing))
            while len(self._comments) > _CACHE_COMMENTS:
                self._comments.popitem(last=False)
        return {i: self._comments[i] for i in wanted if i in self._comments}

    def snapshot(self) -> dict[int, Comment]:
        """The comments held now (a copy: to compare with the store off the UI thread)."""
        return dict(self._comments)

    def put(self, comment: Comment) -> None:
        """Keep ``comment`` (new or changed) and forget the blocks drawn from its old self."""
        self._comments[comment.id] = comment
        self.forget_blocks(comment.id)

    def drop(self, comment_id: int) -> None:
        self._comments.pop(comment_id, None)

    def forget_blocks(self, comment_id: int | None = None) -> None:
        """Forget the blocks of one comment (or of every comment)."""
        if comment_id is None:
            self._blocks.clear()
        else:
            blocks = self._blocks.items()
            self._blocks = OrderedDict((k, v) for k, v in blocks if k[0] != comment_id)

    def block(self, key: tuple[Hashable, ...], draw: Callable[[], list[Strip]]) -> list[Strip]:
        """The block cached under ``key``, drawn (and kept) if it is not there."""
        block = self._blocks.get(key)
        if block is None:
            block = draw()
            self._blocks[key] = block
            if len(self._blocks) > _CACHE_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(key)
        return block
