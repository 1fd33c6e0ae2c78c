import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User

# Digits with the separators people write in Indonesian numbers: "+62 711 352020", "0812-3456-7890".
PHONE = re.compile(r"^\+?[0-9 ()./-]+$")
PHONE_MIN_DIGITS = 6


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "position", "phone", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # Errors come from the server, in the interface language, like allauth's forms.
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", _("Save profile")))

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        digits = sum(character.isdigit() for character in phone)
        if phone and (not PHONE.match(phone) or digits < PHONE_MIN_DIGITS):
            raise forms.ValidationError(
                _("Enter a phone number of digits, for example +62 811 1234 5678.")
            )
        return phone
