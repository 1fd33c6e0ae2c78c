"""The site's form renderer: Django's, writing the commonest widgets' markup in Python.

Django renders every widget through templates: an ``<input>`` is its type's template, which
includes ``input.html``, which includes ``attrs.html``; a ``<select>`` adds an include per
option. On the list pages each filter bar is about ten widgets, and those includes were a sixth
of a page's time (the tracker's filter bar took 4.6 ms of its 28). This renderer writes exactly
what those templates write (``tests/common/test_renderers.py`` compares the two, byte for byte)
and hands every other template (grouped selects, radios, file inputs, crispy's, a widget with
its own option template) to Django.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join

WIDGETS = "django/forms/widgets/"
# The templates that are ``{% include "django/forms/widgets/input.html" %}`` and nothing else.
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "search",
        "number",
        "email",
        "url",
        "tel",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "color",
        "checkbox",
    )
}
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"
TEXTAREA = f"{WIDGETS}textarea.html"


def attributes(attrs: dict):
    """`` name="value"`` for each attribute, in order, as ``attrs.html`` writes them: True as
    the bare name, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _input(widget) -> str:
    value = widget["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        "" if value is None else format_html(' value="{}"', value),
        attributes(widget["attrs"]),
    )


def _select(widget) -> str | None:
    options = []
    for group, choices, _index in widget["optgroups"]:
        if group:
            return None
        for option in choices:
            if option["template_name"] != OPTION:
                return None
            options.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    option["value"],
                    attributes(option["attrs"]),
                    option["label"],
                )
            )
    # Django's option template ends with a line break: a blank line between options.
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        widget["name"],
        attributes(widget["attrs"]),
        format_html_join("", "{}", ((option,) for option in options)),
    )


def _textarea(widget) -> str:
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        widget["name"],
        attributes(widget["attrs"]),
        widget["value"] or "",
    )


class QuickRenderer(DjangoTemplates):
    """``FORM_RENDERER``: Django's template renderer with the plain widgets written in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is not None:
            if template_name in INPUTS:
                return _input(widget)
            if template_name == TEXTAREA:
                return _textarea(widget)
            if template_name == SELECT:
                markup = _select(widget)
                if markup is not None:
                    return markup
        return super().render(template_name, context, request)
