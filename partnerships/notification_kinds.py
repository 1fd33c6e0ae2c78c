"""What the partner network notifies: an invitation accepted, told to the person who sent it.

The inviter is often a partner's manager, who does not work in the app every day: an email by
default, as for the agreements' partners. The target is the organisation joined (an invitation
has no page of its own), so opening the organisation marks it read.
"""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Mode, register_kind

INVITATION_ACCEPTED = register_kind(
    Kind(
        code="partnerships.invitation_accepted",
        label=_("Invitation accepted"),
        message=_("%(actor)s accepted your invitation to join %(target)s."),
        default_mode=Mode.EMAIL,
    )
)
