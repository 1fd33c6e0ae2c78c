"""The events' forms: how a service's refusal lands on a form."""

from django.core.exceptions import ValidationError

from events.forms import WalkInForm


def test_add_problems_puts_each_message_on_its_field():
    form = WalkInForm({"name": "Budi", "institution": "X", "position": "Y"})
    form.is_valid()

    form.add_problems(ValidationError({"email": ["Taken.", "Really."]}))

    assert form.errors == {"email": ["Taken.", "Really."]}


def test_add_problems_of_a_field_the_form_lacks_go_on_the_form():
    form = WalkInForm({"name": "Budi", "institution": "X", "position": "Y"})
    form.is_valid()

    form.add_problems(ValidationError({"event": ["Cancelled."]}))

    assert form.non_field_errors() == ["Cancelled."]


def test_add_problems_of_a_plain_refusal_go_on_the_form():
    form = WalkInForm({"name": "Budi", "institution": "X", "position": "Y"})
    form.is_valid()

    form.add_problems(ValidationError(["Full.", "Closed."]))

    assert form.non_field_errors() == ["Full.", "Closed."]
