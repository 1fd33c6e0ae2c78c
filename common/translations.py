"""Strings of Django and its apps that their own Indonesian catalogues do not translate yet.

Marked here (never called) so that makemessages keeps them in our catalogue, which Django reads
before its own: "- Select an option -" (the empty choice of every model field with choices,
new in Django 6.1) and the admin's date hierarchy label. Drop an entry once Django translates it.
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    gettext_noop("- Select an option -"),
    gettext_noop("Filter by %(field_name)s"),
]
