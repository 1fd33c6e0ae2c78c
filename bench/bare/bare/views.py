from django.shortcuts import render

from .models import Row


def table(request):
    return render(request, "bare/table.html", {"rows": Row.objects.all()[:50]})
