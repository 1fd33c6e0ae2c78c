"""How the partner network's audit entries read (see audit.actions).

Membership, channel and invitation entries are logged on their organisation, so the
organisation's one timeline tells its whole story; their first line names the member, channel
or address concerned.
"""

from django.utils.translation import gettext_lazy as _

from audit.actions import describe_fields, register_action

from .models import Channel, Invitation, Membership


def _about(model, subject: str, hidden: tuple[str, ...]):
    labels = dict.fromkeys((subject, *hidden))

    def describe(entry) -> list[str]:
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        first = [str(changes[subject])] if changes.get(subject) else []
        return first + describe_fields(model, changes, labels=labels)

    return describe


describe_member = _about(Membership, "member", ("membership",))
describe_channel = _about(Channel, "channel_name", ("channel",))
describe_invitation = _about(Invitation, "email", ("invitation",))

register_action("partnerships.organisation_created", _("created the organisation"))
register_action("partnerships.organisation_changed", _("changed the organisation's details"))
register_action("partnerships.member_added", _("added a member"), describe_member)
register_action("partnerships.member_role_changed", _("changed a member's role"), describe_member)
register_action("partnerships.member_deactivated", _("deactivated a member"), describe_member)
register_action("partnerships.member_reactivated", _("reactivated a member"), describe_member)
register_action("partnerships.channel_added", _("added a channel"), describe_channel)
register_action("partnerships.channel_changed", _("changed a channel"), describe_channel)
register_action("partnerships.member_invited", _("sent an invitation"), describe_invitation)
register_action(
    "partnerships.invitation_withdrawn", _("withdrew an invitation"), describe_invitation
)
register_action(
    "partnerships.invitation_extended", _("extended an invitation"), describe_invitation
)
register_action(
    "partnerships.invitation_accepted",
    _("accepted an invitation and joined"),
    describe_invitation,
)


def describe_press_partner(entry) -> list[str]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    return [str(changes["outlet"])] if changes.get("outlet") else []


register_action(
    "partnerships.press_partner_added", _("added a press partner"), describe_press_partner
)
register_action(
    "partnerships.press_partner_removed", _("removed a press partner"), describe_press_partner
)
