import re

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

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        digits = sum(character.isdigit() for character in phone)
        if phone and (not PHONE.match(phone) or digits < PHONE_MIN_DIGITS):
            raise forms.ValidationError(
                _("Enter a phone number of digits, for example +62 811 1234 5678.")
            )
        return phone
