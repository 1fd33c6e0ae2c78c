"""The events' pages, one module per part; what they share is here."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def refused(request, error: ValidationError) -> None:
    """Show a service's refusal as it words it, on the next page."""
    messages.error(request, " ".join(error.messages))
