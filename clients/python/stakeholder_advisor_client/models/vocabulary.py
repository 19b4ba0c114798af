from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.form_field import FormField
    from ..models.term import Term
    from ..models.tier_term import TierTerm
    from ..models.vocabulary_profile_defaults import VocabularyProfileDefaults
    from ..models.vocabulary_relationship_defaults import VocabularyRelationshipDefaults


T = TypeVar("T", bound="Vocabulary")


@_attrs_define
class Vocabulary:
    """
    Attributes:
        alignments (list[Term]):
        alliances (list[Term]):
        areas (list[Term]):
        capacities (list[Term]):
        circumstances (list[Term]):
        confidence_levels (list[Term]):
        countries (list[str]):
        exposure_levels (list[Term]):
        fields (list[FormField]): Every field of a profile form, members of objects expanded.
        horizons (list[Term]):
        profile_defaults (VocabularyProfileDefaults):
        relationship_defaults (VocabularyRelationshipDefaults):
        relationships (list[Term]):
        severities (list[Term]):
        stakeholder_types (list[Term]):
        theatres (list[Term]):
        tiers (list[TierTerm]): Priority tiers, highest first, with their score thresholds.
        version (str):
    """

    alignments: list[Term]
    alliances: list[Term]
    areas: list[Term]
    capacities: list[Term]
    circumstances: list[Term]
    confidence_levels: list[Term]
    countries: list[str]
    exposure_levels: list[Term]
    fields: list[FormField]
    horizons: list[Term]
    profile_defaults: VocabularyProfileDefaults
    relationship_defaults: VocabularyRelationshipDefaults
    relationships: list[Term]
    severities: list[Term]
    stakeholder_types: list[Term]
    theatres: list[Term]
    tiers: list[TierTerm]
    version: str

    def to_dict(self) -> dict[str, Any]:
        alignments = []
        for alignments_item_data in self.alignments:
            alignments_item = alignments_item_data.to_dict()
            alignments.append(alignments_item)

        alliances = []
        for alliances_item_data in self.alliances:
            alliances_item = alliances_item_data.to_dict()
            alliances.append(alliances_item)

        areas = []
        for areas_item_data in self.areas:
            areas_item = areas_item_data.to_dict()
            areas.append(areas_item)

        capacities = []
        for capacities_item_data in self.capacities:
            capacities_item = capacities_item_data.to_dict()
            capacities.append(capacities_item)

        circumstances = []
        for circumstances_item_data in self.circumstances:
            circumstances_item = circumstances_item_data.to_dict()
            circumstances.append(circumstances_item)

        confidence_levels = []
        for confidence_levels_item_data in self.confidence_levels:
            confidence_levels_item = confidence_levels_item_data.to_dict()
            confidence_levels.append(confidence_levels_item)

        countries = self.countries

        exposure_levels = []
        for exposure_levels_item_data in self.exposure_levels:
            exposure_levels_item = exposure_levels_item_data.to_dict()
            exposure_levels.append(exposure_levels_item)

        fields = []
        for fields_item_data in self.fields:
            fields_item = fields_item_data.to_dict()
            fields.append(fields_item)

        horizons = []
        for horizons_item_data in self.horizons:
            horizons_item = horizons_item_data.to_dict()
            horizons.append(horizons_item)

        profile_defaults = self.profile_defaults.to_dict()

        relationship_defaults = self.relationship_defaults.to_dict()

        relationships = []
        for relationships_item_data in self.relationships:
            relationships_item = relationships_item_data.to_dict()
            relationships.append(relationships_item)

        severities = []
        for severities_item_data in self.severities:
            severities_item = severities_item_data.to_dict()
            severities.append(severities_item)

        stakeholder_types = []
        for stakeholder_types_item_data in self.stakeholder_types:
            stakeholder_types_item = stakeholder_types_item_data.to_dict()
            stakeholder_types.append(stakeholder_types_item)

        theatres = []
        for theatres_item_data in self.theatres:
            theatres_item = theatres_item_data.to_dict()
            theatres.append(theatres_item)

        tiers = []
        for tiers_item_data in self.tiers:
            tiers_item = tiers_item_data.to_dict()
            tiers.append(tiers_item)

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "alignments": alignments,
                "alliances": alliances,
                "areas": areas,
                "capacities": capacities,
                "circumstances": circumstances,
                "confidence_levels": confidence_levels,
                "countries": countries,
                "exposure_levels": exposure_levels,
                "fields": fields,
                "horizons": horizons,
                "profile_defaults": profile_defaults,
                "relationship_defaults": relationship_defaults,
                "relationships": relationships,
                "severities": severities,
                "stakeholder_types": stakeholder_types,
                "theatres": theatres,
                "tiers": tiers,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.form_field import FormField  # noqa: PLC0415
        from ..models.term import Term  # noqa: PLC0415
        from ..models.tier_term import TierTerm  # noqa: PLC0415
        from ..models.vocabulary_profile_defaults import VocabularyProfileDefaults  # noqa: PLC0415
        from ..models.vocabulary_relationship_defaults import VocabularyRelationshipDefaults  # noqa: PLC0415

        d = dict(src_dict)
        alignments = []
        _alignments = d.pop("alignments")
        for alignments_item_data in _alignments:
            alignments_item = Term.from_dict(alignments_item_data)

            alignments.append(alignments_item)

        alliances = []
        _alliances = d.pop("alliances")
        for alliances_item_data in _alliances:
            alliances_item = Term.from_dict(alliances_item_data)

            alliances.append(alliances_item)

        areas = []
        _areas = d.pop("areas")
        for areas_item_data in _areas:
            areas_item = Term.from_dict(areas_item_data)

            areas.append(areas_item)

        capacities = []
        _capacities = d.pop("capacities")
        for capacities_item_data in _capacities:
            capacities_item = Term.from_dict(capacities_item_data)

            capacities.append(capacities_item)

        circumstances = []
        _circumstances = d.pop("circumstances")
        for circumstances_item_data in _circumstances:
            circumstances_item = Term.from_dict(circumstances_item_data)

            circumstances.append(circumstances_item)

        confidence_levels = []
        _confidence_levels = d.pop("confidence_levels")
        for confidence_levels_item_data in _confidence_levels:
            confidence_levels_item = Term.from_dict(confidence_levels_item_data)

            confidence_levels.append(confidence_levels_item)

        countries = cast(list[str], d.pop("countries"))

        exposure_levels = []
        _exposure_levels = d.pop("exposure_levels")
        for exposure_levels_item_data in _exposure_levels:
            exposure_levels_item = Term.from_dict(exposure_levels_item_data)

            exposure_levels.append(exposure_levels_item)

        fields = []
        _fields = d.pop("fields")
        for fields_item_data in _fields:
            fields_item = FormField.from_dict(fields_item_data)

            fields.append(fields_item)

        horizons = []
        _horizons = d.pop("horizons")
        for horizons_item_data in _horizons:
            horizons_item = Term.from_dict(horizons_item_data)

            horizons.append(horizons_item)

        profile_defaults = VocabularyProfileDefaults.from_dict(d.pop("profile_defaults"))

        relationship_defaults = VocabularyRelationshipDefaults.from_dict(d.pop("relationship_defaults"))

        relationships = []
        _relationships = d.pop("relationships")
        for relationships_item_data in _relationships:
            relationships_item = Term.from_dict(relationships_item_data)

            relationships.append(relationships_item)

        severities = []
        _severities = d.pop("severities")
        for severities_item_data in _severities:
            severities_item = Term.from_dict(severities_item_data)

            severities.append(severities_item)

        stakeholder_types = []
        _stakeholder_types = d.pop("stakeholder_types")
        for stakeholder_types_item_data in _stakeholder_types:
            stakeholder_types_item = Term.from_dict(stakeholder_types_item_data)

            stakeholder_types.append(stakeholder_types_item)

        theatres = []
        _theatres = d.pop("theatres")
        for theatres_item_data in _theatres:
            theatres_item = Term.from_dict(theatres_item_data)

            theatres.append(theatres_item)

        tiers = []
        _tiers = d.pop("tiers")
        for tiers_item_data in _tiers:
            tiers_item = TierTerm.from_dict(tiers_item_data)

            tiers.append(tiers_item)

        version = d.pop("version")

        vocabulary = cls(
            alignments=alignments,
            alliances=alliances,
            areas=areas,
            capacities=capacities,
            circumstances=circumstances,
            confidence_levels=confidence_levels,
            countries=countries,
            exposure_levels=exposure_levels,
            fields=fields,
            horizons=horizons,
            profile_defaults=profile_defaults,
            relationship_defaults=relationship_defaults,
            relationships=relationships,
            severities=severities,
            stakeholder_types=stakeholder_types,
            theatres=theatres,
            tiers=tiers,
            version=version,
        )

        return vocabulary
