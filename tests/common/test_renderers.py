"""common/renderers.py writes what Django's widget templates write, byte for byte."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

from common.renderers import QuickRenderer

TRICKY = 'Jawa "Barat" & <Banten>'
CHOICES = [("", "Semua provinsi"), ("16", "Sumatera Selatan"), ("32", TRICKY)]
ATTRS = {"id": "id_field", "class": "form-control is-invalid", "aria-invalid": "true"}


def _both(widget, value, attrs=None):
    """What Django's renderer and ours write for ``widget`` showing ``value``."""
    django = widget.render("field", value, attrs, renderer=DjangoTemplates())
    quick = widget.render("field", value, attrs, renderer=QuickRenderer())
    return django, quick


WIDGETS = [
    (forms.TextInput(), None),
    (forms.TextInput(), TRICKY),
    (forms.TextInput(attrs={"type": "search", "placeholder": TRICKY, "maxlength": 100}), "kpk"),
    (forms.NumberInput(attrs={"min": 0}), 0),
    (forms.EmailInput(), "humas@kpk.go.id"),
    (forms.URLInput(), "https://example.org/?a=1&b=2"),
    (forms.PasswordInput(render_value=False), "secret"),
    (forms.HiddenInput(), 3219),
    (forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), datetime.date(2026, 11, 30)),
    (forms.DateTimeInput(attrs={"type": "datetime-local"}), datetime.datetime(2026, 11, 30, 9)),
    (forms.TimeInput(), datetime.time(9, 30)),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.CheckboxInput(attrs={"disabled": True, "required": False}), None),
    (forms.Textarea(), None),
    (forms.Textarea(attrs={"rows": 3}), f"Baris satu\n{TRICKY}"),
    (forms.Select(choices=CHOICES), "32"),
    (forms.Select(choices=CHOICES), None),
    (forms.Select(choices=CHOICES), "99"),
    (forms.SelectMultiple(choices=CHOICES), ["16", "32"]),
    # Left to Django: groups, radios, a file input.
    (forms.Select(choices=[("Sumatera", [("16", "Sumatera Selatan")]), ("Jawa", CHOICES)]), "16"),
    (forms.RadioSelect(choices=CHOICES), "16"),
    (forms.ClearableFileInput(), None),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("attrs", [None, ATTRS], ids=["plain", "attrs"])
def test_each_widget_is_written_as_djangos_templates_write_it(widget, value, attrs):
    django, quick = _both(widget, value, attrs)

    assert quick == django


def test_the_markup_escapes_values_and_labels_and_writes_boolean_attributes():
    _django, select = _both(forms.Select(choices=CHOICES), "32", {"required": True})
    _django, text = _both(forms.TextInput(), TRICKY)

    assert select.startswith('<select name="field" required>')
    assert '<option value="32" selected>Jawa &quot;Barat&quot; &amp; &lt;Banten&gt;' in select
    assert 'value="Jawa &quot;Barat&quot; &amp; &lt;Banten&gt;"' in text


def test_forms_render_with_it_unless_they_choose_another_renderer():
    class Form(forms.Form):
        province = forms.ChoiceField(choices=CHOICES, required=False)
        words = forms.CharField(required=False)

    data = {"province": "16", "words": TRICKY}
    quick, django = Form(data), Form(data, renderer=DjangoTemplates())

    assert isinstance(get_default_renderer(), QuickRenderer)
    assert isinstance(quick.renderer, QuickRenderer)
    assert str(quick["province"]) + str(quick["words"]) == str(django["province"]) + str(
        django["words"]
    )
