from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Web helpers every app may use; its templates and tags are the pages' shared parts."""

    name = "common"
    verbose_name = "Common"
