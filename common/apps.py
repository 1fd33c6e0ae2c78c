from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Web helpers every app may use; its templates and tags are the pages' shared parts."""

    name = "common"
    verbose_name = "Common"

    def ready(self):
        from . import lookups  # noqa: F401 (registers ``__any_of``)
