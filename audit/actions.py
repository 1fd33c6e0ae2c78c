"""How audit actions read: each app registers its action codes with a verb phrase.

An app declares its actions in ``<app>/audit_actions.py`` (imported when the apps are ready)::

    from django.utils.translation import gettext_lazy as _
    from audit.actions import register_action

    register_action("partnerships.member_invited", _("invited a member"))
    register_action("agreements.status_changed", _("changed the status"), describe=status_lines)

The label is a verb phrase shown after the actor's name ("Rina Wati changed the details").
``describe(entry) -> list[str]`` gives the lines under it; without one, the changes are read
as {field: [old, new]} by ``describe_changes``. A code nobody registered reads as itself, so old
entries never break a page.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})")


def shown(value) -> str:
    """A stored value as a reader sees it: dates their way, empty as a dash, lists joined."""
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return str(_yes_no(value))
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        # Dates are kept as ISO text in the log; show them the reader's way.
        return date_format(date.fromisoformat(value), "DATE_FORMAT")
    if isinstance(value, str) and ISO_DATETIME.fullmatch(value):
        moment = timezone.localtime(datetime.fromisoformat(value))
        return date_format(moment, "DATETIME_FORMAT")
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {shown(item)}" for key, item in value.items())
    return str(value)


def _yes_no(value: bool):
    from django.utils.translation import gettext

    return gettext("yes") if value else gettext("no")


def field_label(model, name: str) -> str:
    """The verbose name of ``model``'s field ``name``, or the name made readable."""
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except (FieldDoesNotExist, AttributeError):
        return name.replace("_", " ").capitalize()


def _shown_for(model, name, value) -> str:
    # A value of a field with choices is shown by its label ("Partner manager", not the code).
    try:
        choices = dict(model._meta.get_field(name).flatchoices)
    except (FieldDoesNotExist, AttributeError, TypeError):
        choices = {}
    if choices and not isinstance(value, list | dict) and value in choices:
        return str(choices[value])
    return shown(value)


def describe_changes(entry) -> list[str]:
    """The default lines: "Label: old → new" for each {field: [old, new]}, "Label: value" else.

    Labels and choices come from the target's model.
    """
    changes = entry.changes
    if not isinstance(changes, dict):
        return [shown(changes)] if changes not in (None, "", []) else []
    return describe_fields(entry.target_type.model_class(), changes)


def describe_fields(model, changes: dict, *, labels=None) -> list[str]:
    """Lines for {field: [old, new] or value}, read with ``model``'s field names and choices.

    ``labels`` names keys that are not fields of ``model`` ({key: label}); a key whose label is
    None is left out (an id that the page shows otherwise).
    """
    labels = labels or {}
    lines = []
    for name, value in _in_field_order(model, changes):
        if name in labels and labels[name] is None:
            continue
        label = str(labels[name]) if name in labels else field_label(model, name)
        if isinstance(value, list) and len(value) == 2:
            old, new = value
            if old in (None, ""):
                lines.append(f"{label}: {_shown_for(model, name, new)}")
            else:
                lines.append(
                    f"{label}: {_shown_for(model, name, old)} → {_shown_for(model, name, new)}"
                )
        else:
            lines.append(f"{label}: {_shown_for(model, name, value)}")
    return lines


def _in_field_order(model, changes: dict) -> list:
    """The changes in the order the model declares its fields (others after them, as stored).

    PostgreSQL's jsonb keeps keys in an order of its own, so the stored order cannot be the
    reading order.
    """
    try:
        order = {field.name: index for index, field in enumerate(model._meta.get_fields())}
    except AttributeError:
        order = {}
    items = list(changes.items())
    return sorted(items, key=lambda item: (order.get(item[0], len(order)), items.index(item)))


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    describe: Callable = describe_changes


_actions: dict[str, Action] = {}


def register_action(code: str, label, describe: Callable | None = None) -> Action:
    """Declare how the action ``code`` reads; registering a code twice is a mistake."""
    if code in _actions:
        raise ValueError(f"Audit action {code!r} is already registered.")
    action = Action(code, label, describe or describe_changes)
    _actions[code] = action
    return action


def unregister_action(code: str) -> None:
    _actions.pop(code, None)


def get_action(code: str) -> Action:
    """The registered action, or one that reads as its own code (old or unknown entries)."""
    return _actions.get(code) or Action(code, code)


def verb(entry) -> str:
    return str(get_action(entry.action).label)


def lines(entry) -> list[str]:
    return [str(line) for line in get_action(entry.action).describe(entry)]
