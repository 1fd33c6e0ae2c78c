"""The parts every page repeats: its header, its filter bar, its table card and its empty state.

{% load common_tags %}
{% page_header _("Agreements") _("MoU and PKS …") %}
  …the page's action buttons…
{% end_page_header %}

{% include "common/filter_bar.html" with filter=filter %}

{% if page.object_list %}
  {% table_card page %}<thead>…</thead><tbody>…</tbody>{% end_table_card %}
{% else %}
  {% empty_state "fa-file-signature" %}<p>…</p>{% end_empty_state %}
{% endif %}
"""

from django import forms, template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from common.text import shorten as shorten_text

register = template.Library()


@register.simple_tag
def support_email() -> str:
    """The address people write to for help (``SINERGI_SUPPORT_EMAIL``)."""
    return settings.SUPPORT_EMAIL


@register.filter
def shorten(text, limit: int) -> str:
    """``{{ text|shorten:120 }}``: cut between words, unlike ``truncatechars`` (common/text.py)."""
    return shorten_text(text, int(limit))


_HEADER_SECTIONS = ("page_title", "page_lead", "page_actions")


class PageHeaderNode(template.Node):
    def __init__(self, title, lead, sections):
        self.title = title
        self.lead = lead
        self.sections = sections

    def render(self, context):
        parts = {name: _rendered(nodelist, context) for name, nodelist in self.sections.items()}
        title = parts.get("page_title") or _expression(self.title, context)
        lead = parts.get("page_lead") or _expression(self.lead, context)
        return render_to_string(
            "common/page_header.html",
            {"title": title, "lead": lead, "actions": parts.get("page_actions", "")},
        )


def _rendered(nodelist, context):
    """The section's markup without the whitespace around it, so ``<h1>`` holds only the title."""
    # The template engine has escaped what the section shows; stripping keeps that safe.
    return mark_safe(nodelist.render(context).strip())  # noqa: S308


def _expression(expression, context):
    if expression is None:
        return ""
    return conditional_escape(expression.resolve(context, ignore_failures=True) or "")


@register.tag("page_header")
def page_header(parser, token):
    """``{% page_header title lead %}actions{% end_page_header %}``: the h1, its lead, the buttons.

    Title and lead are expressions (``_("…")`` for translated text). Where either needs markup,
    give it as a section instead: ``{% page_title %}…`` or ``{% page_lead %}…``; the content
    before any section, or after ``{% page_actions %}``, is the action buttons.
    """
    bits = token.split_contents()[1:]
    if len(bits) > 2:
        raise template.TemplateSyntaxError("page_header takes a title and a lead at most")
    expressions = [parser.compile_filter(bit) for bit in bits] + [None, None]
    sections = {}
    section = "page_actions"
    while True:
        nodelist = parser.parse((*_HEADER_SECTIONS, "end_page_header"))
        sections[section] = nodelist
        tag = parser.next_token().contents
        if tag == "end_page_header":
            break
        section = tag
    return PageHeaderNode(expressions[0], expressions[1], sections)


class FrameNode(template.Node):
    """Renders ``template_name`` around the tag's content, with the tag's one argument."""

    def __init__(self, template_name, nodelist, name, argument):
        self.template_name = template_name
        self.nodelist = nodelist
        self.name = name
        self.argument = argument

    def render(self, context):
        content = self.nodelist.render(context)
        argument = self.argument.resolve(context) if self.argument is not None else None
        frame = context.template.engine.get_template(self.template_name)
        with context.push(content=content, **{self.name: argument}):
            return frame.render(context)


def _frame(parser, token, template_name, name):
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument at most")
    argument = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse((f"end_{bits[0]}",))
    parser.delete_first_token()
    return FrameNode(template_name, nodelist, name, argument)


@register.tag("table_card")
def table_card(parser, token):
    """``{% table_card page %}<thead>…</thead><tbody>…</tbody>{% end_table_card %}``.

    The table in its card, scrolling sideways on a phone; given a page, its pagination below
    (``includes/pagination.html``, which keeps the filters through ``query``).
    """
    return _frame(parser, token, "common/table_card.html", "page")


@register.tag("empty_state")
def empty_state(parser, token):
    """``{% empty_state "fa-icon" %}<p>…</p> …a button…{% end_empty_state %}``: nothing to list."""
    return _frame(parser, token, "common/empty_state.html", "icon")


@register.filter
def filter_columns(filterset):
    """The fields a filter bar offers, each with its column classes, the search field (and a
    widget that asks for it with ``wide_in_filter_bar``) wider.

    A filterset leaves a filter out of its bar by naming it in ``unoffered`` (the filter still
    applies when its parameter is in the address).
    """
    unoffered = getattr(filterset, "unoffered", ())
    fields = [
        field for field in filterset.form if not field.is_hidden and field.name not in unoffered
    ]
    many = len(fields) > 3
    columns = []
    for field in fields:
        if field.name == "q" or getattr(field.field.widget, "wide_in_filter_bar", False):
            css = "col-md-6 col-xl-3" if many else "col-md-5"
        else:
            css = "col-md-3 col-xl" if many else "col-md-3"
        columns.append((field, css))
    return columns


@register.filter
def bootstrap_widget(field):
    """``field``'s widget with Bootstrap's classes, and marked invalid when it has errors.

    Forms on the busiest pages (the filter bars, the profile) render their fields with this and
    ``common/field.html`` rather than crispy's field template, which took a third of
    the agreement list's time. Django itself adds ``aria-invalid`` and ``aria-describedby``.
    """
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        kind = "form-check-input"
    elif isinstance(widget, forms.Select):
        kind = "form-select"
    else:
        kind = "form-control"
    classes = [widget.attrs.get("class", ""), kind, "is-invalid" if field.errors else ""]
    return field.as_widget(attrs={"class": " ".join(name for name in classes if name)})
