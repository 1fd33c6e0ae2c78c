"""Who may name any organisation of the network as an event's organiser, and whom a new
event's form names at first (events/rules.py, events/selectors.py)."""

from events.selectors import default_organisers


def test_only_kpk_and_administrators_organise_with_anyone(network):
    allowed = {
        role: getattr(network, role).has_perm("events.organise_with_anyone")
        for role in (
            "kpk_manager",
            "kpk_staff",
            "administrator",
            "province_manager",
            "partner_manager",
            "partner_operator",
        )
    }

    assert allowed == {
        "kpk_manager": True,
        "kpk_staff": True,
        "administrator": True,
        "province_manager": False,
        "partner_manager": False,
        "partner_operator": False,
    }


def test_a_new_event_names_the_kpk_persons_own_unit_and_nobody_for_a_partner(network):
    assert default_organisers(network.kpk_staff) == [network.kpk]
    assert default_organisers(network.partner_manager) == []
    assert default_organisers(network.administrator) == []
