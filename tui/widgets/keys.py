"""Keys acted on in the order they were typed, however fast they come.

Textual hands each key to the focused widget's queue as it arrives. A key the widget does not
take itself (ctrl+u, tab, an arrow: a binding) goes back up the widget tree to the app, which
runs its binding only after the widget has taken the characters typed after it: ctrl+u, a date
and ctrl+s in one burst cleared the date just typed, and characters typed after tab went into
the field left behind. So the app hands over one key at a time: the next waits until the one
before has been taken by a widget or has come back up to the app and run its binding, and,
when that key opened or closed a screen, until the screen shown has been drawn and focused
(`n` and a name typed at once: the name's first characters went to no field).
"""

from __future__ import annotations

import time
from collections import deque

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen

# A key makes its way in milliseconds; one whose way was cut (its widget closed on the way)
# lets the next go at the latest after this long, so no key ever waits for good.
OVERDUE_SECONDS = 3.0
LOOK_AGAIN_SECONDS = 0.2  # how often a key waiting looks whether the one before was lost

Typed = events.Key | events.Paste


class KeysInOrder(App[None]):
    """The app, handing typed keys (and pastes) to its widgets one at a time."""

    def __init__(self) -> None:
        super().__init__()
        self._keys_waiting: deque[Typed] = deque()
        self._key_in_hand: Typed | None = None
        self._key_node: MessagePump = self  # where the key in hand was last seen
        self._key_since = 0.0  # when it was last seen moving
        self._key_screen: object = None  # the screen shown when it was handed over

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, Typed) or event.is_forwarded:
            await super().on_event(event)
            return
        self._keys_waiting.append(event)
        if self._key_in_hand is not None and not self._key_lost():
            if len(self._keys_waiting) == 1:  # the first to wait looks again (one timer)
                self.set_timer(LOOK_AGAIN_SECONDS, self._let_lost_key_go)
            return
        self._key_in_hand = None
        await self._hand_over()

    def _key_lost(self) -> bool:
        """The key in hand will not be done: too long on its way, its widget closed, or the
        screen whose drawing it awaited no longer shown (closed before it was drawn)."""
        node = self._key_node
        overdue = time.monotonic() - self._key_since >= OVERDUE_SECONDS
        gone = isinstance(node, Screen) and node is not self.screen
        return overdue or gone or node._closing or node._closed

    async def _let_lost_key_go(self) -> None:
        """Keys are waiting: the one in hand is looked at again until it is done or lost."""
        if self._key_in_hand is None or not self._keys_waiting:
            return
        if not self._key_lost():
            self.set_timer(LOOK_AGAIN_SECONDS, self._let_lost_key_go)
            return
        self._key_in_hand = None
        await self._hand_over()

    async def _hand_over(self) -> None:
        """The keys waiting, until one is on its way through the widgets or has changed the
        screen."""
        while self._key_in_hand is None and self._keys_waiting:
            key = self._keys_waiting.popleft()
            screen = self.screen
            target: MessagePump = self.focused or screen
            await super().on_event(key)  # a priority binding runs here, or it goes to target
            if not key.is_forwarded and self.screen is screen:
                continue  # done with here and now
            self._key_in_hand, self._key_screen = key, screen
            self._key_node, self._key_since = target, time.monotonic()
            if key.is_forwarded:
                target.call_later(self._key_passed, key, target)
            else:
                self.call_later(self._key_done, key)

    def _key_passed(self, key: Typed, node: MessagePump) -> None:
        """Called in node's turn, once node has acted on the key: it was taken there, or it
        is on its way to node's parent, where this is asked again after it. A screen passes
        every key on to the app (Textual marks it stopped there, and still hands it over), and
        the app, having run its binding, lets what that set going (a focus) act first."""
        self._key_node, self._key_since = node, time.monotonic()
        parent = node._parent
        if node is self or parent is None or (key._stop_propagation and parent is not self):
            self.call_later(self._key_done, key)
        else:
            parent.call_later(self._key_passed, key, parent)

    async def _key_done(self, key: Typed, after_drawing: bool = False) -> None:
        if self._key_in_hand is not key:
            return
        self._key_node, self._key_since = self, time.monotonic()
        if self.screen is not self._key_screen or not self.screen.is_mounted:
            # another screen: its widgets are mounted and focused once it has been drawn
            self._key_screen = self._key_node = self.screen
            self.call_after_refresh(self._key_done, key, True)
            return
        if after_drawing:  # what drawing it set going (a focus) goes first
            self.call_later(self._key_done, key)
            return
        self._key_in_hand = None
        await self._hand_over()
