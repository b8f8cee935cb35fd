"""A comment leaving the user's hands: posting it (stored at once, or queued for its site),
editing and deleting own comments, here and on their site.

The text is checked (:func:`~agora.core.validation.comment_error`) and passes the text gate;
only blank lines around it are trimmed, so what was typed is what is stored and sent.
"""

from __future__ import annotations

from agora.core.errors import InvalidInput, NotFound
from agora.core.model import Comment, DiscussionStatus, Identity
from agora.core.text import sanitize
from agora.core.validation import comment_error
from agora.engines import registry
from agora.service.accounts import change_remote
from agora.service.engine_loop import EngineLoop
from agora.service.outbox import cancel, enqueue
from agora.service.secrets import Secrets
from agora.service.sites import article_site
from agora.store import Store


def _checked(body: str) -> str:
    """The text as it will be stored and sent, or a clear error."""
    error = comment_error(body)
    if error:
        raise InvalidInput(error)
    return sanitize(body).strip("\n")


def post(
    store: Store,
    article_id: int,
    parent_id: int | None,
    body: str,
    identity: Identity | None,
    *,
    from_draft: bool = False,
) -> Comment:
    """Store a comment (see :meth:`agora.service.library.Library.post`); a site's article
    queues it for sending."""
    if identity is None:
        raise InvalidInput("choose who you are commenting as first (agora post --name/--email)")
    text = _checked(body)
    article = store.articles.get(article_id)
    if article.comment_status == DiscussionStatus.READONLY:
        raise InvalidInput(
            "this discussion came from a feed and is read-only: reply on the site itself"
        )
    if article.comment_status != DiscussionStatus.OPEN:
        raise InvalidInput("comments are closed on this article")
    if parent_id is not None:
        parent = store.comments.get(parent_id)
        if parent.article_id != article_id:
            raise NotFound(f"comment {parent_id} is not part of article {article_id}")
    where = article_site(store, article_id)
    if where is not None:
        cid = enqueue(store, where[0].home, article_id, parent_id, text, identity, from_draft)
        return store.comments.get(cid)
    return store.comments.add(
        article_id,
        parent_id,
        author_name=identity.name,
        author_url=identity.website,
        author_email=identity.email,
        body=text,
        identity_id=identity.id,
        drop_draft_of=(article_id, parent_id) if from_draft else None,
    )


def edit(
    store: Store, secrets: Secrets, engines: EngineLoop, comment_id: int, body: str
) -> Comment:
    """Change the text of an own comment, on its site first (signed in)."""
    if not store.comments.get(comment_id).is_own:
        raise InvalidInput("you can only edit your own comments")
    text = _checked(body)
    change_remote(store, secrets, engines, comment_id, text)
    return store.comments.edit(comment_id, text)


def delete(store: Store, secrets: Secrets, engines: EngineLoop, comment_id: int) -> bool:
    """Delete an own comment, on its site first (signed in). False: it stays as a
    placeholder for its replies."""
    if not store.comments.get(comment_id).is_own:
        raise InvalidInput("you can only delete your own comments")
    change_remote(store, secrets, engines, comment_id, None)
    cancel(store, comment_id)
    return store.comments.delete(comment_id)


def reply_landing(store: Store, parent_id: int) -> Comment | None:
    """The comment a reply to ``parent_id`` will appear under on its site, when the site keeps
    fewer levels of replies (its engine's ``nesting``: Isso keeps one) than that reply needs;
    None when it lands where it is written."""
    parent = store.comments.get(parent_id)
    where = article_site(store, parent.article_id)
    nesting = (
        registry.engine(where[0].kind).capabilities(where[0].address).nesting if where else None
    )
    if nesting is None:
        return None
    chain = [parent]  # the parent, then its ancestors up to the top level
    while chain[-1].parent_id is not None:
        chain.append(store.comments.get(chain[-1].parent_id))
    return chain[-nesting] if len(chain) > nesting else None
