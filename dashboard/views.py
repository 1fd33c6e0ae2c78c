from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from common.panels import shown_panels


@login_required
def home(request):
    return render(request, "dashboard/home.html", {"panels": shown_panels(request)})
