"""What the library's templates show of an item: its status colour and its kind's icon."""

from django import template

from content.selectors import KIND_ICONS, STATUS_COLOURS

register = template.Library()


@register.filter
def status_colour(item) -> str:
    """``{{ item|status_colour }}``: the Bootstrap colour of the item's status badge."""
    return STATUS_COLOURS.get(item.status, "secondary")


@register.filter
def kind_icon(item) -> str:
    """``{{ item|kind_icon }}``: the Font Awesome icon of the item's kind."""
    return KIND_ICONS.get(item.kind, "fa-file")
