"""The event itself: list, details, agenda, invitations, publishing and cancelling."""
