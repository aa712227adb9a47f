"""The details tab of a project: every field in a validated form, saved as one change."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.widgets import Static, TabbedContent

from store.db.models import Project
from store.errors import StaleEdit, UserError, report_words
from store.labels import pick, said
from store.stages import Kind
from tui.modals import ConfirmModal
from tui.project_fields import (
    CHOSEN,
    DATE,
    EMPTY_AS_NONE,
    FIELD_LABELS,
    FORM_FIELDS,
    MONEY,
    REQUIRED,
    FieldKind,
    empty_value,
    refused_field,
)
from tui.screens.base import StoreScreen
from tui.screens.project_tabs import ProjectData
from tui.words import joined, say


class ProjectDetails(StoreScreen):
    """The details form of the project screen; mixed into it."""

    project_id: int
    form_project: Project | None  # what the form was filled from

    def _show_form(self, data: ProjectData) -> None:
        """The details filled from what is stored, unless the officer is typing: then a newer
        version is merged in beside the typing."""
        for key in CHOSEN:  # the values in use now, in the language chosen now
            self._field(key).set_options(
                self._choices(key, data.counties, data.chains), say("new_entry", self.lang)
            )
        project = data.project
        if not self._edited_fields():
            for key, _, kind in FORM_FIELDS:
                self._put(key, self._shown(key, kind, project))
            self.form_project = project
            self._clear_notes()
        elif self.form_project and self.form_project.version != project.version:
            self._merge(project, data.history)

    # -- the details form --------------------------------------------------------------------

    def _shown(self, key: str, kind: FieldKind, project: Project) -> str:
        """A field as the form shows it; the kind in the chosen language (both are accepted)."""
        value = getattr(project, key)
        if kind is DATE and project.month_only(key):
            return project.date_text(key)  # 2023-08: a full date typed over it replaces it
        if kind is MONEY and value == 0 and key not in EMPTY_AS_NONE:
            return ""  # an amount nobody gave is stored as 0 (and a cleared one as 0 again)
        return kind.show(value)

    def _choices(self, key: str, counties: list[str], chains: list[str]) -> list[tuple[str, str]]:
        if key == "kind":
            return [(self.word(kind.value), kind.value) for kind in Kind]
        return [(name, name) for name in (counties if key == "county" else chains)]

    def _field(self, key: str) -> Any:
        """A field of the details form: an Input, or a ChoiceField for what is chosen."""
        return self.query_one(f"#edit-{key}")

    def _text(self, key: str) -> str:
        """A field's text as typed or chosen."""
        return str(self._field(key).value).strip()

    def _put(self, key: str, text: str) -> None:
        self._field(key).value = text

    def _edited_fields(self) -> list[str]:
        if self.form_project is None:
            return []
        return [
            key
            for key, _, kind in FORM_FIELDS
            if self._text(key) != self._shown(key, kind, self.form_project)
        ]

    def action_save(self) -> None:
        project = self.form_project
        if project is None:
            return
        changes: dict[str, Any] = {}
        self._clear_notes()
        for key, _, kind in FORM_FIELDS:
            text = self._text(key)
            if text == self._shown(key, kind, project):
                continue
            try:
                if not text and key in REQUIRED:
                    raise UserError(say("required", self.lang))
                value = kind.parse(text) if text else empty_value(key, kind)
            except UserError as problem:
                self._refused(key, said(problem, self.lang))
                return
            changes[key] = value
        if not changes:
            self.notify(say("no_changes", self.lang), timeout=2)
            return
        self._save_details(changes, project.version)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _save_details(self, changes: dict[str, Any], version: int | None) -> None:
        """Written before the form lets go of the typing: a refusal stands beside its field,
        a stale edit brings the other officer's values in beside the typing kept."""
        store = self.store
        try:
            store.update_project(self.project_id, changes, expected_version=version)
        except StaleEdit:
            self.app.call_from_thread(self.reload)  # show() finds the newer version: _merge
            return
        except UserError as error:
            field = refused_field(error, list(changes))
            self.app.call_from_thread(self._refused, field, said(error, self.lang))
            return
        except Exception as error:  # a busy or full database: said here, the typing kept
            self.app.call_from_thread(self._refused, None, pick(report_words(error), self.lang))
            return
        store.changes.changed()  # our own commit: the reload below covers it
        self.app.call_from_thread(self._saved, list(changes))

    def _saved(self, keys: list[str]) -> None:
        self.form_project = None  # the form is filled again from what is stored
        names = joined([self.word(FIELD_LABELS[key]) for key in keys], self.lang)
        notice = say("saved_fields", self.lang, fields=names)
        self.notify(notice, timeout=3, markup=False)
        self.investtrack.post_data_changed(notice)

    def _refused(self, key: str | None, reason: str) -> None:
        """The reason beside the field it concerns (under the form when it names none); the
        typing stays."""
        line = f"{reason} — {say('nothing_saved', self.lang)}"
        if key is None:
            self.query_one("#form-error", Static).update(line)
            return
        note = self.query_one(f"#note-{key}", Static)
        note.update(f"↑ {line}")
        note.remove_class("theirs")
        note.display = True
        self.query_one(TabbedContent).active = "details"
        self._field(key).focus()
        note.scroll_visible()

    def _clear_notes(self) -> None:
        for note in self.query(".field-note"):
            note.display = False
        self.query_one("#form-error", Static).update("")

    def _merge(self, stored: Project, history: list[Any]) -> None:
        """Someone saved the project while the officer typed: the typing stays; a field the
        officer left alone takes the stored value; under each field the other changed, what
        they made it. Saving then writes the typing over the stored version."""
        base = self.form_project
        assert base is not None
        self._clear_notes()
        writers = {entry.field: entry.user for entry in history if entry.field}
        someone = history[-1].user if history else say("someone_else", self.lang)
        changed_by: set[str] = set()
        for key, _, kind in FORM_FIELDS:
            before, now = self._shown(key, kind, base), self._shown(key, kind, stored)
            if before == now:
                continue
            user = writers.get(key, someone)
            changed_by.add(user)
            note = self.query_one(f"#note-{key}", Static)
            if self._text(key) == before:  # not typed over: the stored value is taken
                self._put(key, now)
                note.update(say("theirs_taken", self.lang, user=user))
            else:
                note.update(say("theirs", self.lang, user=user, value=now or "-"))
            note.add_class("theirs")
            note.display = True
        self.form_project = stored
        users = joined(sorted(changed_by), self.lang) or someone
        self.query_one("#form-error", Static).update(
            say("changed_elsewhere", self.lang, user=users)
        )
        self.refresh_bindings()

    def action_discard(self) -> None:
        """The typing dropped (after asking), the form filled from what is stored."""

        def discard(yes: bool | None) -> None:
            if yes:
                self.form_project = None
                self._clear_notes()
                self.reload()

        self.app.push_screen(ConfirmModal(say("discard_typing", self.lang)), discard)
