from django import forms

from .kinds import Mode, registered_kinds


class PreferencesForm(forms.Form):
    """One choice per registered kind: in the app only, an immediate email, or the daily digest."""

    mode_choices = Mode.choices

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in registered_kinds():
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=Mode.choices,
                initial=current[kind.code],
                widget=forms.RadioSelect,
            )
