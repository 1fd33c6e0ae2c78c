"""Agreement documents: the upload form and the download.

Documents live in private storage; this download is the only way out, and it asks the access
rules every time. It is served as an attachment that the browser may neither sniff nor run.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override

from common.web import posted, require

from . import documents
from .models import AgreementDocument
from .rules import visible_agreements

# The site's policy is replaced, not extended: a document opened anyway can run nothing and
# load nothing.
DOWNLOAD_CSP = {"sandbox": True, "default-src": [CSP.NONE]}


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of document"), choices=AgreementDocument.Kind.choices
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        # An empty file reaches the service, which refuses it with its own message.
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=AgreementDocument._meta.get_field("note").max_length,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF or Word (DOCX), at most %(max)s MB.") % {
            "max": settings.AGREEMENT_DOCUMENT_MAX_MB
        }
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Upload")))


def _agreement(request, pk):
    """An agreement the user may see, else 404: foreign ids are not confirmed to exist."""
    return get_object_or_404(visible_agreements(request.user), pk=pk)


@login_required
def upload_document(request, pk):
    agreement = _agreement(request, pk)
    require(request.user, "partnerships.upload_agreement_document", agreement)
    form = DocumentForm(posted(request), request.FILES or None)
    if form.is_valid():
        try:
            document = documents.upload_document(
                agreement,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _("%(kind)s version %(version)s uploaded.")
                % {"kind": document.get_kind_display(), "version": document.version},
            )
            return redirect(agreement)
    return render(
        request,
        "partnerships/agreement_document_form.html",
        {"agreement": agreement, "form": form},
    )


@login_required
@csp_override(DOWNLOAD_CSP)
def download_document(request, pk, document_pk):
    agreement = _agreement(request, pk)
    require(request.user, "partnerships.download_agreement_document", agreement)
    document = get_object_or_404(agreement.documents, pk=document_pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
