"""How the accounts' audit entries read (see audit.actions)."""

from django.utils.translation import gettext_lazy as _

from audit.actions import describe_fields, register_action

from .models import User


def describe_access(entry) -> list[str]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    return describe_fields(User, changes, labels={"access": _("Groups and permissions")})


register_action("accounts.account_created", _("created the account"))
register_action("accounts.account_changed", _("changed the account"))
register_action(
    "accounts.access_changed", _("changed the account's groups and permissions"), describe_access
)
register_action("accounts.password_set", _("set a new password for the account"))
