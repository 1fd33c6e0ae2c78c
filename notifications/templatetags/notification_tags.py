from django import template

from notifications.selectors import UNREAD_COUNT_CAP, unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """The bell's number: one indexed COUNT, made only where the bell is shown."""
    request = context.get("request")
    return unread_count(request.user) if request is not None else 0


@register.filter
def bell_number(count: int) -> str:
    return f"{UNREAD_COUNT_CAP - 1}+" if count >= UNREAD_COUNT_CAP else str(count)
