from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import diff, log
from notifications.emails import send_email
from notifications.services import notify

from .models import (
    MANAGER_ROLES,
    Channel,
    Invitation,
    Membership,
    Organisation,
    PressPartner,
    Role,
    check_role_fits,
    hash_token,
)
from .notification_kinds import INVITATION_ACCEPTED
from .rules import forget_reach, invitable_roles

User = get_user_model()


class InvitationError(ValidationError):
    """An invitation that cannot be used; the message says why, in the user's language."""


def invite_member(
    organisation: Organisation, *, email: str, role: str, full_name: str = "", by
) -> tuple[Invitation, str]:
    """Invite ``email`` into ``organisation`` with ``role`` and email them the link.

    The email goes through the notifications outbox once the invitation commits: a mail server
    that is down delays it (it is retried) but fails nothing here. Returns the invitation and
    its one-time token (only its hash is stored on the invitation; the email's row in the
    outbox holds the link until the email is sent). A pending invitation for the same address
    and organisation is replaced, so only the newest link works.
    Raises PermissionDenied if ``by`` may not invite into ``organisation`` at all, and
    ValidationError (with the field it concerns) for a role ``by`` may not give or an address
    that already belongs to an active member.
    """
    roles = invitable_roles(by, organisation)
    if not roles:
        raise PermissionDenied(_("You may not invite people into this organisation."))
    if role not in roles:
        raise ValidationError(
            {"role": _("You may not invite people into this organisation with that role.")}
        )
    longest_name = Invitation._meta.get_field("full_name").max_length
    if len(full_name) > longest_name:
        raise ValidationError(
            {
                "full_name": _("A name can be at most %(max)s characters long.")
                % {"max": longest_name}
            }
        )
    email = User.objects.normalize_email(email).lower()
    is_member = Membership.objects.filter(
        organisation=organisation, user__email__iexact=email, is_active=True
    ).exists()
    if is_member:
        raise ValidationError({"email": _("This person is already a member of the organisation.")})
    token = Invitation.new_token()
    with transaction.atomic():
        now = timezone.now()
        Invitation.objects.pending().filter(organisation=organisation, email__iexact=email).update(
            revoked_at=now
        )
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            full_name=full_name,
            role=role,
            token_hash=hash_token(token),
            invited_by=by,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        log(organisation, "partnerships.member_invited", by=by, changes=_invitation(invitation))
        send_email(
            "partnerships/email/invitation",
            {"invitation": invitation, "url": invitation_url(token), "role": Role(role).label},
            to=email,
            # The invitee has no account yet: the email speaks the interface's default language.
            language=settings.LANGUAGE_CODE,
        )
    return invitation, token


def invitation_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("partnerships:invitation_accept", args=[token])


def find_invitation(token: str) -> Invitation:
    """The invitation behind a link, or an InvitationError saying why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid."))
    check_usable(invitation)
    return invitation


def has_account(email: str) -> bool:
    """Whether someone already signs in with ``email`` (as their account or a verified address)."""
    return (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email, verified=True).exists()
    )


def check_acceptable_by(invitation: Invitation, user) -> None:
    """Refuse a signed-in user whose address is not the one the invitation was sent to."""
    if user.email.lower() != invitation.email.lower():
        raise InvitationError(
            _(
                "This invitation was sent to %(email)s, but you are signed in with another "
                "address. Sign out and open the link again."
            )
            % {"email": invitation.email}
        )


def check_usable(invitation: Invitation) -> None:
    status = invitation.status
    if status == Invitation.Status.ACCEPTED:
        raise InvitationError(_("This invitation has already been used: each link works once."))
    if status == Invitation.Status.REVOKED:
        raise InvitationError(
            _("This invitation has been withdrawn. Ask your manager for a new one.")
        )
    if status == Invitation.Status.EXPIRED:
        raise InvitationError(_("This invitation has expired. Ask your manager for a new one."))


@transaction.atomic
def accept_invitation(
    invitation: Invitation, *, user=None, full_name: str = "", password: str = ""
):
    """Turn a pending invitation into a membership, creating the account if there is none.

    The invitation row is locked, so two clicks on the same link cannot both succeed.
    Returns the user who now holds the membership.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_usable(invitation)
    if user is None:
        if has_account(invitation.email):
            raise InvitationError(
                _("An account with this email address exists. Sign in to accept the invitation.")
            )
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name
        )
    else:
        check_acceptable_by(invitation, user)
    _mark_address_verified(user, invitation.email)
    Membership.objects.update_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={"role": invitation.role, "is_active": True},
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_reach(user)
    log(
        invitation.organisation,
        "partnerships.invitation_accepted",
        by=user,
        changes=_invitation(invitation),
    )
    if invitation.invited_by_id:
        notify(
            INVITATION_ACCEPTED.code,
            [invitation.invited_by],
            target=invitation.organisation,
            by=user,
            key=f"partnerships.invitation_accepted:{invitation.pk}",
        )
    return user


def _mark_address_verified(user, email: str) -> None:
    """Following the emailed link proves the address; it becomes primary if none is."""
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=not has_primary)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


def revoke_invitation(invitation: Invitation, *, by) -> None:
    """Withdraw a pending invitation so its link stops working.

    The update is conditional on the invitation still being pending, so a withdrawal racing an
    acceptance cannot undo it.
    """
    if not by.has_perm("partnerships.revoke_invitation", invitation):
        raise PermissionDenied
    with transaction.atomic():
        updated = (
            Invitation.objects.pending().filter(pk=invitation.pk).update(revoked_at=timezone.now())
        )
        if not updated:
            raise InvitationError(_("Only a pending invitation can be withdrawn."))
        log(
            invitation.organisation,
            "partnerships.invitation_withdrawn",
            by=by,
            changes=_invitation(invitation),
        )


def check_extendable(invitation: Invitation, until) -> None:
    """Refuse to extend an invitation that is no longer pending, or to a time already past."""
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationError(_("Only a pending invitation can be extended."))
    if until <= invitation.expires_at:
        raise InvitationError(_("An invitation can only be extended to a later time."))


def extend_invitation(invitation: Invitation, *, until, by) -> Invitation:
    """Keep a pending invitation's link working until ``until``.

    Conditional on the invitation still being pending, like a withdrawal.
    """
    if not by.has_perm("partnerships.extend_invitation", invitation):
        raise PermissionDenied
    check_extendable(invitation, until)
    with transaction.atomic():
        updated = Invitation.objects.pending().filter(pk=invitation.pk).update(expires_at=until)
        if not updated:
            raise InvitationError(_("Only a pending invitation can be extended."))
        changes = {**_invitation(invitation), "expires_at": [invitation.expires_at, until]}
        invitation.expires_at = until
        log(invitation.organisation, "partnerships.invitation_extended", by=by, changes=changes)
    return invitation


def _invitation(invitation: Invitation) -> dict:
    # Invitation, membership and channel entries are logged on their organisation, so its one
    # timeline tells the whole story; the row's id keeps each entry traceable.
    return {"invitation": invitation.pk, "email": invitation.email, "role": invitation.role}


def save_organisation(organisation: Organisation, *, by) -> Organisation:
    """Create or update an organisation, recording which fields changed from what to what."""
    if organisation.pk is None:
        allowed = by.has_perm("partnerships.add_organisation")
    else:
        allowed = by.has_perm("partnerships.change_organisation", organisation)
    if not allowed:
        raise PermissionDenied
    organisation.full_clean()
    with transaction.atomic():
        before = (
            Organisation.objects.select_for_update().get(pk=organisation.pk)
            if organisation.pk
            else None
        )
        organisation.save()
        changes = diff(before, organisation)
        if before is None:
            log(organisation, "partnerships.organisation_created", by=by, changes=changes)
        elif changes:
            log(organisation, "partnerships.organisation_changed", by=by, changes=changes)
    return organisation


def check_not_a_member(organisation: Organisation, user) -> None:
    """Refuse someone who already holds a membership (active or not) of ``organisation``."""
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError({"user": _("This person is already a member of the organisation.")})


def add_member(organisation: Organisation, *, user, role: str, by) -> Membership:
    """Make ``user`` a member of ``organisation`` with ``role`` directly, as administrators do."""
    if not by.has_perm("partnerships.change_organisation", organisation):
        raise PermissionDenied
    check_role_fits(organisation, role)
    check_not_a_member(organisation, user)
    with transaction.atomic():
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        log(
            organisation,
            "partnerships.member_added",
            by=by,
            changes={**_member(membership), "role": [None, role]},
        )
    forget_reach(user)
    return membership


def change_membership(
    membership: Membership, *, role: str | None = None, is_active: bool | None = None, by
) -> Membership:
    """Give a member another role, or deactivate (remove) or reactivate the membership.

    The row is locked and compared with what is stored, so the entry records the real change.
    An organisation never loses its last active manager: the organisation's row is locked
    first, so two managers demoting each other at once cannot both succeed. A deactivated
    member loses access with their next request, since reach is read per request.
    """
    organisation = membership.organisation
    if not by.has_perm("partnerships.change_organisation", organisation):
        raise PermissionDenied
    if role is not None:
        check_role_fits(organisation, role)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        stored = Membership.objects.select_for_update().get(pk=membership.pk)
        changes = {}
        if role is not None and role != stored.role:
            changes["role"] = [stored.role, role]
        if is_active is not None and is_active != stored.is_active:
            changes["is_active"] = [stored.is_active, is_active]
        membership.role, membership.is_active = stored.role, stored.is_active
        if not changes:
            return membership
        _check_keeps_a_manager(stored, role=role, is_active=is_active)
        for field, (_old, new) in changes.items():
            setattr(membership, field, new)
        membership.save(update_fields=list(changes))
        if "is_active" in changes:
            action = "member_reactivated" if membership.is_active else "member_deactivated"
        else:
            action = "member_role_changed"
        log(
            organisation,
            f"partnerships.{action}",
            by=by,
            changes={**_member(membership), **changes},
        )
    forget_reach(membership.user)
    return membership


def _check_keeps_a_manager(stored: Membership, *, role, is_active) -> None:
    """Refuse to demote or remove the last active manager of an organisation."""
    was_manager = stored.is_active and stored.role in MANAGER_ROLES
    stays_manager = (is_active is not False) and (role or stored.role) in MANAGER_ROLES
    if not was_manager or stays_manager:
        return
    others = (
        Membership.objects.filter(
            organisation_id=stored.organisation_id,
            is_active=True,
            role__in=MANAGER_ROLES,
            user__is_active=True,
        )
        .exclude(pk=stored.pk)
        .exists()
    )
    if not others:
        raise ValidationError(
            _(
                "This is the organisation's last active manager. Make another member a manager "
                "first."
            )
        )


def _member(membership: Membership) -> dict:
    return {"membership": membership.pk, "member": str(membership.user)}


def save_channel(channel: Channel, *, by) -> Channel:
    """Add or update a channel of its organisation; the caller's form has validated it."""
    if not by.has_perm("partnerships.change_organisation", channel.organisation):
        raise PermissionDenied
    with transaction.atomic():
        before = Channel.objects.get(pk=channel.pk) if channel.pk else None
        channel.save()
        changes = diff(before, channel, CHANNEL_FIELDS)
        if before is None or changes:
            log(
                channel.organisation,
                "partnerships.channel_added" if before is None else "partnerships.channel_changed",
                by=by,
                changes={"channel": channel.pk, "channel_name": channel.name, **changes},
            )
    return channel


CHANNEL_FIELDS = ["kind", "name", "handle", "audience_size", "audience_updated_on", "is_active"]


# Press partners: the media outlets a Diskominfo works with (requests may be forwarded to them).


def add_press_partner(organisation: Organisation, *, outlet: Organisation, by) -> PressPartner:
    """Record ``outlet`` (an active media outlet) as a press partner of ``organisation`` (a
    Diskominfo), by its managers or KPK; logged on the Diskominfo."""
    if not by.has_perm("partnerships.manage_press_partners", organisation):
        raise PermissionDenied
    if outlet.kind != Organisation.Kind.MEDIA or not outlet.is_active:
        raise ValidationError(_("A press partner is an active media outlet."))
    with transaction.atomic():
        partner, created = PressPartner.objects.get_or_create(
            organisation=organisation, outlet=outlet
        )
        if not created:
            raise ValidationError(
                _("%(outlet)s is already a press partner.") % {"outlet": outlet.name}
            )
        log(
            organisation,
            "partnerships.press_partner_added",
            by=by,
            changes={"outlet": outlet.name},
        )
    return partner


def remove_press_partner(partner: PressPartner, *, by) -> None:
    """End ``partner`` (requests already forwarded to the outlet stay); logged on the Diskominfo."""
    organisation = partner.organisation
    if not by.has_perm("partnerships.manage_press_partners", organisation):
        raise PermissionDenied
    with transaction.atomic():
        deleted, _rows = PressPartner.objects.filter(pk=partner.pk).delete()
        if deleted:
            log(
                organisation,
                "partnerships.press_partner_removed",
                by=by,
                changes={"outlet": partner.outlet.name},
            )
