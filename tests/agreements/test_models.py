"""Agreement models: what a row may hold, whichever door it comes through."""

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Target
from tests.factories import ScopeItemFactory


@pytest.mark.parametrize(
    ("field", "value"), [("quantity", 2**31), ("manual_value", 10**20)], ids=["quantity", "value"]
)
def test_target_figure_beyond_the_database_range_is_invalid(db, field, value):
    target = Target(
        scope_item=ScopeItemFactory(),
        metric=Target.Metric.MANUAL,
        label="baliho",
        quantity=5,
        period=Target.Period.YEAR,
    )
    setattr(target, field, value)

    with pytest.raises(ValidationError) as invalid:
        target.full_clean()

    assert invalid.value.message_dict == {
        field: ["Ensure this value is less than or equal to 2147483647."]
    }
