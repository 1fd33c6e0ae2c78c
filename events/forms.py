"""The events' forms: they validate and nothing else; each part of the app keeps its section."""


# --- After the event: files, report, feedback, certificates (followup) ---

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import EventFile, Feedback, Report
from .selectors import QUESTION_LABELS


class EventFileForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=EventFile.Kind.choices, initial=EventFile.Kind.MATERIAL
    )
    file = forms.FileField(label=_("File"))
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("What it is, e.g. “Slides of the first session”. The file name if empty."),
    )
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        help_text=EventFile._meta.get_field("is_public").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A photo: a JPEG, PNG, WebP or GIF image. A material: a PDF, Word (DOCX), "
            "PowerPoint (PPTX) or Excel (XLSX) document, or an image. Up to %(max)s MB."
        ) % {"max": settings.EVENT_FILE_MAX_MB}


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["summary", "follow_ups", "outputs"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 8}),
            "follow_ups": forms.Textarea(attrs={"rows": 5}),
            "outputs": forms.Textarea(attrs={"rows": 3}),
        }


RATING_CHOICES = [(rating, str(rating)) for rating in range(1, 6)]


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["overall", "content", "speakers", "organisation", "comments"]
        widgets = {
            "overall": forms.RadioSelect(choices=RATING_CHOICES),
            "content": forms.RadioSelect(choices=RATING_CHOICES),
            "speakers": forms.RadioSelect(choices=RATING_CHOICES),
            "organisation": forms.RadioSelect(choices=RATING_CHOICES),
            "comments": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in QUESTION_LABELS.items():
            self.fields[name].label = label
            self.fields[name].help_text = _("1 is poor, 5 is excellent.")


class CertificateLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("As printed on the certificate, e.g. ABCD-EFGH-JK23."),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()
