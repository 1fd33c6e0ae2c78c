from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """MoU, PKS and addenda: parties, scope and targets, documents, lifecycle, reminders."""

    name = "agreements"
    verbose_name = _("Agreements")
