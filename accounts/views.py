import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.web import safe_next

from . import services
from .forms import ProfileForm
from .middleware import remember_language


@login_required
def profile(request):
    # A model form writes the values it accepts onto its instance while validating; a copy keeps
    # the signed-in user (and the page around a refused form) as it is in the database.
    form = ProfileForm(request.POST or None, instance=copy.copy(request.user))
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        remember_language(response, request.user.language)
        return response
    memberships = (
        request.user.memberships.filter(is_active=True, organisation__is_active=True)
        .select_related("organisation__province", "organisation__regency")
        .order_by("organisation__name")
    )
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships})


@require_POST
def set_language(request):
    """Switch the interface language; remembered on the account and in a cookie."""
    language = request.POST.get("language")
    response = redirect(safe_next(request, "/"))
    if language in {code for code, _name in settings.LANGUAGES}:
        if request.user.is_authenticated:
            services.set_language(request.user, language=language)
        remember_language(response, language)
    return response
