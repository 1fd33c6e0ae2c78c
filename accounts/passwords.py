"""Django's password validators in Sinergi's words.

Django's validators and their Indonesian translations word the hints and errors differently
from each other and from our pages ("Sandi anda …" beside "Kata sandi Anda …"). These subclasses
keep Django's checks and give every hint and error one wording, in our catalogue; the settings
use them, so the password change, reset and invitation forms all show the same sentences.
"""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("This password is too similar to your %(verbose_name)s.")

    def get_help_text(self):
        return _("Your password must not resemble your name or email address.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Your password must have at least %(min_length)d character.",
            "Your password must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("This password is too common: choose one that is harder to guess.")

    def get_help_text(self):
        return _("Your password must not be a commonly used password.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("This password has only digits.")

    def get_help_text(self):
        return _("Your password must not consist of digits only.")
