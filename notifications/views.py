from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common.web import filtered_page, require, safe_next

from . import services
from .filters import NotificationFilter
from .forms import PreferencesForm
from .rules import visible_notifications
from .selectors import preferences_of


@login_required
def notification_list(request):
    require(request.user, "notifications.view_inbox")
    queryset = visible_notifications(request.user).select_related("actor")
    filterset = NotificationFilter(request.GET, queryset=queryset)
    return render(
        request, "notifications/notification_list.html", filtered_page(request, filterset)
    )


@login_required
@require_POST
def mark_read(request, pk):
    # Someone else's notification is a 404: its existence is not confirmed.
    notification = get_object_or_404(visible_notifications(request.user), pk=pk)
    services.mark_read(notification, by=request.user)
    return redirect(safe_next(request, "notifications:list"))


@login_required
def open_notification(request, pk):
    """Follow a notification's link from the app: it counts as read once its target is opened.

    Only the recipient's own notification, and only to the link stored on it (checked when the
    notification was recorded: a path of this site or an http(s) address), so this is no open
    redirect. Marking read on a GET is the point of the link and changes nothing but the reader's
    own unread count.
    """
    notification = get_object_or_404(visible_notifications(request.user), pk=pk)
    services.mark_read(notification, by=request.user)
    if not notification.target_url:
        return redirect("notifications:list")
    return HttpResponseRedirect(notification.target_url)


@login_required
@require_POST
def mark_all_read(request):
    require(request.user, "notifications.view_inbox")
    count = services.mark_all_read(by=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s notification marked as read.",
            "%(count)s notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect(safe_next(request, "notifications:list"))


@login_required
def preferences(request):
    require(request.user, "notifications.change_preferences")
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        current=preferences_of(request.user),
    )
    if form.is_valid():
        services.set_preferences(
            request.user,
            {code: form.cleaned_data[code] for code in form.changed_data},
            by=request.user,
        )
        messages.success(request, _("Your notification preferences have been saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
