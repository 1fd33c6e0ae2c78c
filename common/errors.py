"""The server error page, which tells a database outage (503, try again soon) from a bug (500)."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

# Seconds a browser or a proxy should wait before asking again during a database outage.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """``handler500``: 503 with Retry-After when the database is unreachable, else 500.

    Django calls it while handling the uncaught exception, from any layer (a view, or a
    middleware that loaded the session or the user), so the exception is at hand. The pages are
    static and bilingual: rendering them needs neither the database nor a language.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
