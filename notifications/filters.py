import django_filters
from django.utils.translation import gettext_lazy as _

from .kinds import kind_choices
from .models import Notification


class NotificationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("unread", _("Unread")), ("read", _("Read"))],
        empty_label=_("All"),
        method="filter_state",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=kind_choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Notification
        fields = ["state", "kind"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "unread")
