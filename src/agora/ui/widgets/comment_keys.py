"""The keys of the comments pane (their ids name them in the keymap and the help)."""

from __future__ import annotations

from textual.binding import Binding

#: Keys that move the selection through the thread.
NAVIGATION_BINDINGS = [
    Binding("j,down", "cursor_down", "Next", id="comments.next"),
    Binding("k,up", "cursor_up", "Previous", id="comments.previous"),
    Binding("h,left", "collapse", "Collapse", id="comments.collapse"),
    Binding("l,right", "expand", "Expand", id="comments.expand"),
    Binding("space", "toggle_thread", "Toggle", show=False, id="comments.toggle"),
    Binding("z", "collapse_all", "Collapse all", show=False, id="comments.collapse_all"),
    Binding("Z", "expand_all", "Expand all", show=False, id="comments.expand_all"),
    Binding("p", "parent", "Parent", show=False, id="comments.parent"),
    Binding(
        "right_square_bracket",
        "next_sibling",
        "Next sibling",
        show=False,
        id="comments.next_sibling",
    ),
    Binding(
        "left_square_bracket",
        "previous_sibling",
        "Previous sibling",
        show=False,
        id="comments.previous_sibling",
    ),
    Binding("n", "next_thread", "Next thread", show=False, id="comments.next_thread"),
    Binding("N", "previous_thread", "Previous thread", show=False, id="comments.previous_thread"),
    Binding("g,home", "first", "First", show=False, id="comments.first"),
    Binding("G,end", "last", "Last", show=False, id="comments.last"),
    Binding("pagedown", "page_down", "Page down", show=False, id="comments.page_down"),
    Binding("pageup", "page_up", "Page up", show=False, id="comments.page_up"),
]


#: Keys of the comments pane for matches, new comments and the order of threads.
MARK_BINDINGS = [
    Binding("full_stop,f3", "next_match", "Next match", show=False, id="comments.next_match"),
    Binding(
        "comma,shift+f3",
        "previous_match",
        "Previous match",
        show=False,
        id="comments.previous_match",
    ),
    Binding("u", "next_new", "Next new", show=False, id="comments.next_new"),
    Binding("U", "previous_new", "Previous new", show=False, id="comments.previous_new"),
    Binding("s", "screen.sort", "Sort threads", show=False, id="comments.sort"),
]
