"""Relationship facts: defaulted from the country for state bodies, shown, and overridable."""

from service.profile import normalise


def _relationships(registry, **raw):
    return normalise(registry.profile_schema, raw)["relationships"]


def test_a_state_body_takes_its_countrys_relationships(registry):
    assert _relationships(registry, stakeholder_type="defence_ministry", country="CN") == [
        "treaty_ally_of_dprk",
        "strategic_partner_of_russia",
    ]
    assert _relationships(registry, stakeholder_type="armed_forces", country="KP") == [
        "treaty_ally_of_russia"
    ]


def test_an_explicit_list_wins_and_an_empty_one_means_none(registry):
    assert (
        _relationships(
            registry, stakeholder_type="foreign_ministry", country="CN", relationships=[]
        )
        == []
    )
    assert _relationships(
        registry,
        stakeholder_type="foreign_ministry",
        country="KR",
        relationships=["strategic_partner_of_russia"],
    ) == ["strategic_partner_of_russia"]


def test_non_state_bodies_and_unknown_countries_get_no_default(registry):
    assert _relationships(registry, stakeholder_type="civil_society", country="RU") == []
    assert _relationships(registry, stakeholder_type="media_organisation", country="CN") == []
    assert _relationships(registry, stakeholder_type="national_government") == []
    assert _relationships(registry, stakeholder_type="national_government", country="FR") == []


def test_every_table_entry_is_a_state_body_default(registry):
    table = registry.vocabulary.relationship_defaults
    assert set(table.by_country) >= {"CN", "RU", "KP", "BY"}
    assert "international_organisation" not in table.state_bodies
