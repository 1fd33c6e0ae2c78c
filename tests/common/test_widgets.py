"""common/widgets.py: widgets that write Django's markup without its templates."""

from django import forms

from common.widgets import QuickSelect

CHOICES = [("", "Semua provinsi"), ("16", "Sumatera Selatan"), ("32", 'Jawa "Barat" & <Banten>')]


def _both(value, attrs=None, choices=CHOICES):
    django = forms.Select(choices=choices).render("province", value, attrs)
    quick = QuickSelect(choices=choices).render("province", value, attrs)
    return django, quick


def _same_markup(html: str) -> str:
    return "".join(line.strip() for line in html.splitlines())


def test_quick_select_writes_what_djangos_select_writes():
    for value in ("", "32", None, "99"):
        django, quick = _both(value, {"id": "id_province", "class": "form-select"})

        assert _same_markup(quick) == _same_markup(django)


def test_quick_select_marks_the_chosen_option_and_escapes_labels():
    _django, quick = _both("32", {"aria-invalid": "true", "required": True})

    assert (
        '<option value="32" selected>Jawa &quot;Barat&quot; &amp; &lt;Banten&gt;</option>' in quick
    )
    assert quick.startswith('<select name="province" aria-invalid="true" required>')


def test_quick_select_leaves_grouped_choices_to_django():
    grouped = [("Sumatera", [("16", "Sumatera Selatan")]), ("Jawa", [("32", "Jawa Barat")])]

    django, quick = _both("16", choices=grouped)

    assert quick == django
    assert "<optgroup" in quick


def test_a_form_field_renders_with_it_as_with_a_select():
    class Form(forms.Form):
        province = forms.ChoiceField(choices=CHOICES, required=False, widget=QuickSelect)

    class Plain(forms.Form):
        province = forms.ChoiceField(choices=CHOICES, required=False)

    quick = str(Form({"province": "16"})["province"])
    django = str(Plain({"province": "16"})["province"])

    assert _same_markup(quick) == _same_markup(django)
