from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from audit.selectors import timeline
from common.web import filtered_page, posted, require, safe_next
from notifications import services as notifications

from . import services
from .filters import InvitationFilter, OrganisationFilter
from .forms import (
    AcceptInvitationForm,
    ChannelForm,
    InvitationForm,
    MembershipRoleForm,
    PressPartnerForm,
)
from .models import DISKOMINFO_KINDS, Channel, Role, roles_for_kind
from .rules import invitable_roles, visible_invitations, visible_organisations
from .selectors import directory, press_partner_candidates


def _organisation(request, pk):
    """An organisation the user may see, else 404: foreign ids are not confirmed to exist."""
    return get_object_or_404(
        visible_organisations(request.user).select_related("province", "regency"), pk=pk
    )


@login_required
def organisation_list(request):
    require(request.user, "partnerships.view_directory")
    filterset = OrganisationFilter(request.GET, queryset=directory(request.user))
    return render(request, "partnerships/organisation_list.html", filtered_page(request, filterset))


@login_required
def organisation_detail(request, pk):
    organisation = _organisation(request, pk)
    require(request.user, "partnerships.view_organisation", organisation)
    # Opening the organisation, from an email or any link, is reading what was notified about it.
    notifications.mark_target_read(organisation, by=request.user)
    members = organisation.memberships.filter(is_active=True).select_related("user")
    channels = organisation.channels.order_by("-is_active", "-audience_size", "name")
    sees_invitations = request.user.has_perm("partnerships.view_invitations", organisation)
    invitations = (
        organisation.invitations.pending().select_related("invited_by") if sees_invitations else []
    )
    can_manage = request.user.has_perm("partnerships.change_organisation", organisation)
    history = timeline(organisation, page=request.GET.get("history")) if can_manage else None
    return render(
        request,
        "partnerships/organisation_detail.html",
        {
            "organisation": organisation,
            "members": members,
            "channels": channels,
            "invitations": invitations,
            "sees_invitations": sees_invitations,
            "can_manage": can_manage,
            "history": history,
            "can_invite": request.user.has_perm("partnerships.invite_member", organisation),
            "member_roles": _member_roles(organisation) if can_manage else [],
            **_press_partners(request.user, organisation),
        },
    )


def _press_partners(user, organisation) -> dict:
    """The press partners part of a Diskominfo's page, and the form to add one."""
    if organisation.kind not in DISKOMINFO_KINDS:
        return {}
    manages = user.has_perm("partnerships.manage_press_partners", organisation)
    return {
        "press_partners": organisation.press_partner_links.select_related("outlet").order_by(
            "outlet__name"
        ),
        "manages_press_partners": manages,
        "press_partner_form": PressPartnerForm(outlets=press_partner_candidates(organisation))
        if manages
        else None,
    }


def _member_roles(organisation):
    """The roles members of ``organisation`` can hold, managers first, as (value, label)."""
    fitting = roles_for_kind(organisation.kind)
    return [(role.value, role.label) for role in Role if role in fitting]


def _membership(request, pk, membership_pk):
    """An active member of an organisation the user manages; 404 or 403 otherwise."""
    organisation = _organisation(request, pk)
    require(request.user, "partnerships.change_organisation", organisation)
    membership = get_object_or_404(
        organisation.memberships.select_related("user"), pk=membership_pk, is_active=True
    )
    membership.organisation = organisation
    return organisation, membership


@login_required
@require_POST
def membership_change_role(request, pk, membership_pk):
    organisation, membership = _membership(request, pk, membership_pk)
    form = MembershipRoleForm(request.POST, roles=roles_for_kind(organisation.kind))
    if not form.is_valid():
        messages.error(request, _("This role does not exist in this organisation."))
        return redirect(_members_of(organisation))
    try:
        services.change_membership(membership, role=form.cleaned_data["role"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(member)s is now %(role)s.")
            % {"member": membership.user, "role": membership.get_role_display()},
        )
    return redirect(_members_of(organisation))


@login_required
@require_POST
def membership_remove(request, pk, membership_pk):
    organisation, membership = _membership(request, pk, membership_pk)
    try:
        services.change_membership(membership, is_active=False, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(member)s was removed from the organisation and no longer has access to it.")
            % {"member": membership.user},
        )
        if membership.user_id == request.user.pk:
            # Who removed themselves may no longer see the organisation.
            return redirect("home")
    return redirect(_members_of(organisation))


def _members_of(organisation):
    return f"{organisation.get_absolute_url()}#members"


@login_required
def invite_member(request, pk):
    organisation = _organisation(request, pk)
    require(request.user, "partnerships.invite_member", organisation)
    form = InvitationForm(posted(request), roles=invitable_roles(request.user, organisation))
    if form.is_valid():
        try:
            invitation, _token = services.invite_member(
                organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                full_name=form.cleaned_data["full_name"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            days = settings.INVITATION_VALID_DAYS
            messages.success(
                request,
                ngettext(
                    "Invitation sent to %(email)s. The link is valid for %(days)s day.",
                    "Invitation sent to %(email)s. The link is valid for %(days)s days.",
                    days,
                )
                % {"email": invitation.email, "days": days},
            )
            return redirect(organisation)
    return render(
        request,
        "partnerships/invitation_form.html",
        {"organisation": organisation, "form": form, "valid_days": settings.INVITATION_VALID_DAYS},
    )


@login_required
def invitation_list(request):
    require(request.user, "partnerships.view_invitation_list")
    invitations = visible_invitations(request.user).select_related(
        "organisation", "invited_by", "accepted_by"
    )
    filterset = InvitationFilter(request.GET, queryset=invitations)
    return render(request, "partnerships/invitation_list.html", filtered_page(request, filterset))


@login_required
@require_POST
def invitation_revoke(request, pk):
    invitation = get_object_or_404(
        visible_invitations(request.user).select_related("organisation"), pk=pk
    )
    try:
        services.revoke_invitation(invitation, by=request.user)
    except services.InvitationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
        )
    return redirect(safe_next(request, "partnerships:invitation_list"))


def invitation_accept(request, token):
    """The link from the invitation email: anyone holding it may open it, signed in or not."""
    try:
        invitation = services.find_invitation(token)
    except services.InvitationError as error:
        return _invitation_unavailable(request, error, status=410)
    if request.user.is_authenticated:
        return _accept_as_signed_in_user(request, invitation)
    if services.has_account(invitation.email):
        # The person already has an account: they accept after signing in, from the same link.
        return render(
            request,
            "partnerships/invitation_accept.html",
            {"invitation": invitation, "form": None, "sign_in_first": True},
        )
    # The name the inviter typed comes prefilled; the invitee corrects it if need be.
    form = AcceptInvitationForm(
        posted(request), email=invitation.email, initial={"full_name": invitation.full_name}
    )
    if form.is_valid():
        try:
            user = services.accept_invitation(
                invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationError as error:
            form.add_error(None, error.message)
        else:
            login(request, user, backend="accounts.backends.AccountBackend")
            messages.success(
                request,
                _("Welcome to Sinergi. You are now a member of %(organisation)s.")
                % {"organisation": invitation.organisation},
            )
            return redirect("home")
    return render(
        request, "partnerships/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def _invitation_unavailable(request, error, *, status):
    return render(
        request, "partnerships/invitation_invalid.html", {"reason": error.message}, status=status
    )


def _accept_as_signed_in_user(request, invitation):
    try:
        services.check_acceptable_by(invitation, request.user)
    except services.InvitationError as error:
        return _invitation_unavailable(request, error, status=403)
    if request.method == "POST":
        try:
            services.accept_invitation(invitation, user=request.user)
        except services.InvitationError as error:
            return _invitation_unavailable(request, error, status=410)
        messages.success(
            request,
            _("You are now a member of %(organisation)s.")
            % {"organisation": invitation.organisation},
        )
        return redirect(invitation.organisation)
    return render(
        request, "partnerships/invitation_accept.html", {"invitation": invitation, "form": None}
    )


@login_required
def channel_create(request, pk):
    organisation = _organisation(request, pk)
    require(request.user, "partnerships.change_organisation", organisation)
    return _channel_form(request, organisation, Channel(organisation=organisation))


@login_required
def channel_update(request, pk, channel_pk):
    organisation = _organisation(request, pk)
    require(request.user, "partnerships.change_organisation", organisation)
    channel = get_object_or_404(organisation.channels, pk=channel_pk)
    return _channel_form(request, organisation, channel)


def _channel_form(request, organisation, channel):
    form = ChannelForm(posted(request), instance=channel)
    if form.is_valid():
        services.save_channel(form.instance, by=request.user)
        messages.success(request, _("Channel saved."))
        return redirect(organisation)
    return render(
        request,
        "partnerships/channel_form.html",
        {"organisation": organisation, "form": form, "channel": channel},
    )


# Press partners


@login_required
@require_POST
def press_partner_add(request, pk):
    organisation = _organisation(request, pk)
    require(request.user, "partnerships.manage_press_partners", organisation)
    form = PressPartnerForm(request.POST, outlets=press_partner_candidates(organisation))
    if not form.is_valid():
        messages.error(request, _("Choose one of the media outlets offered."))
    else:
        try:
            services.add_press_partner(
                organisation, outlet=form.cleaned_data["outlet"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(outlet)s is now a press partner.")
                % {"outlet": form.cleaned_data["outlet"].name},
            )
    return redirect(f"{organisation.get_absolute_url()}#press-partners")


@login_required
@require_POST
def press_partner_remove(request, pk, partner_pk):
    organisation = _organisation(request, pk)
    require(request.user, "partnerships.manage_press_partners", organisation)
    partner = get_object_or_404(
        organisation.press_partner_links.select_related("outlet", "organisation"), pk=partner_pk
    )
    services.remove_press_partner(partner, by=request.user)
    messages.success(
        request, _("%(outlet)s is no longer a press partner.") % {"outlet": partner.outlet.name}
    )
    return redirect(f"{organisation.get_absolute_url()}#press-partners")
