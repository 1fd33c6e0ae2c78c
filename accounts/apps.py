from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    # allauth's "account" app is "Accounts" too: two admin sections would read "Akun".
    verbose_name = _("Users")
