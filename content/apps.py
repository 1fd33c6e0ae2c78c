from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """Content, assets, reviews and dissemination requests (models arrive with their issue)."""

    name = "content"
    verbose_name = _("Content")

    def ready(self):
        # The agreement target counters content registers (content/targets.py).
        from . import targets  # noqa: F401
