from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.alignment import Alignment
from ..models.alliance import Alliance
from ..models.circumstance import Circumstance
from ..models.country import Country
from ..models.horizon import Horizon
from ..models.relationship import Relationship
from ..models.stakeholder_type import StakeholderType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.area_weights import AreaWeights
    from ..models.capacities_input import CapacitiesInput
    from ..models.exposure_input import ExposureInput


T = TypeVar("T", bound="ProfileInput")


@_attrs_define
class ProfileInput:
    """
    Attributes:
        stakeholder_type (StakeholderType):
        alignment (Alignment | Unset):
        alliances (list[Alliance] | Unset): Alliances and bodies it belongs to. Default: none.
        area_weights (AreaWeights | Unset):
        capacities (CapacitiesInput | Unset):
        circumstances (list[Circumstance] | Unset): Facts about its situation that change the advice. Default: none.
        country (Country | None | Unset): ISO 3166-1 alpha-2 code of the stakeholder's home country.
        exposure (ExposureInput | Unset):
        name (None | str | Unset): Display name of the stakeholder, one line of text. Example: Ministry of National
            Defense, Republic of Korea.
        public_casualty_sensitivity (float | Unset): How strongly its public reacts to casualties, 0..1. Default: 0.5.
        relationships (list[Relationship] | None | Unset): Treaty and partnership ties that decide whose side it is on.
            Left out, a state body takes its country's entry in the vocabulary's relationship_defaults; an explicit list,
            even an empty one, replaces them.
        time_horizon (Horizon | Unset):
    """

    stakeholder_type: StakeholderType
    alignment: Alignment | Unset = UNSET
    alliances: list[Alliance] | Unset = UNSET
    area_weights: AreaWeights | Unset = UNSET
    capacities: CapacitiesInput | Unset = UNSET
    circumstances: list[Circumstance] | Unset = UNSET
    country: Country | None | Unset = UNSET
    exposure: ExposureInput | Unset = UNSET
    name: None | str | Unset = UNSET
    public_casualty_sensitivity: float | Unset = UNSET
    relationships: list[Relationship] | None | Unset = UNSET
    time_horizon: Horizon | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        stakeholder_type = self.stakeholder_type.value

        alignment: str | Unset = UNSET
        if not isinstance(self.alignment, Unset):
            alignment = self.alignment.value

        alliances: list[str] | Unset = UNSET
        if not isinstance(self.alliances, Unset):
            alliances = []
            for alliances_item_data in self.alliances:
                alliances_item = alliances_item_data.value
                alliances.append(alliances_item)

        area_weights: dict[str, Any] | Unset = UNSET
        if not isinstance(self.area_weights, Unset):
            area_weights = self.area_weights.to_dict()

        capacities: dict[str, Any] | Unset = UNSET
        if not isinstance(self.capacities, Unset):
            capacities = self.capacities.to_dict()

        circumstances: list[str] | Unset = UNSET
        if not isinstance(self.circumstances, Unset):
            circumstances = []
            for circumstances_item_data in self.circumstances:
                circumstances_item = circumstances_item_data.value
                circumstances.append(circumstances_item)

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        elif isinstance(self.country, Country):
            country = self.country.value
        else:
            country = self.country

        exposure: dict[str, Any] | Unset = UNSET
        if not isinstance(self.exposure, Unset):
            exposure = self.exposure.to_dict()

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        public_casualty_sensitivity = self.public_casualty_sensitivity

        relationships: list[str] | None | Unset
        if isinstance(self.relationships, Unset):
            relationships = UNSET
        elif isinstance(self.relationships, list):
            relationships = []
            for relationships_type_0_item_data in self.relationships:
                relationships_type_0_item = relationships_type_0_item_data.value
                relationships.append(relationships_type_0_item)

        else:
            relationships = self.relationships

        time_horizon: str | Unset = UNSET
        if not isinstance(self.time_horizon, Unset):
            time_horizon = self.time_horizon.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "stakeholder_type": stakeholder_type,
            }
        )
        if alignment is not UNSET:
            field_dict["alignment"] = alignment
        if alliances is not UNSET:
            field_dict["alliances"] = alliances
        if area_weights is not UNSET:
            field_dict["area_weights"] = area_weights
        if capacities is not UNSET:
            field_dict["capacities"] = capacities
        if circumstances is not UNSET:
            field_dict["circumstances"] = circumstances
        if country is not UNSET:
            field_dict["country"] = country
        if exposure is not UNSET:
            field_dict["exposure"] = exposure
        if name is not UNSET:
            field_dict["name"] = name
        if public_casualty_sensitivity is not UNSET:
            field_dict["public_casualty_sensitivity"] = public_casualty_sensitivity
        if relationships is not UNSET:
            field_dict["relationships"] = relationships
        if time_horizon is not UNSET:
            field_dict["time_horizon"] = time_horizon

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.area_weights import AreaWeights  # noqa: PLC0415
        from ..models.capacities_input import CapacitiesInput  # noqa: PLC0415
        from ..models.exposure_input import ExposureInput  # noqa: PLC0415

        d = dict(src_dict)
        stakeholder_type = StakeholderType(d.pop("stakeholder_type"))

        _alignment = d.pop("alignment", UNSET)
        alignment: Alignment | Unset
        if isinstance(_alignment, Unset):
            alignment = UNSET
        else:
            alignment = Alignment(_alignment)

        _alliances = d.pop("alliances", UNSET)
        alliances: list[Alliance] | Unset = UNSET
        if _alliances is not UNSET:
            alliances = []
            for alliances_item_data in _alliances:
                alliances_item = Alliance(alliances_item_data)

                alliances.append(alliances_item)

        _area_weights = d.pop("area_weights", UNSET)
        area_weights: AreaWeights | Unset
        if isinstance(_area_weights, Unset):
            area_weights = UNSET
        else:
            area_weights = AreaWeights.from_dict(_area_weights)

        _capacities = d.pop("capacities", UNSET)
        capacities: CapacitiesInput | Unset
        if isinstance(_capacities, Unset):
            capacities = UNSET
        else:
            capacities = CapacitiesInput.from_dict(_capacities)

        _circumstances = d.pop("circumstances", UNSET)
        circumstances: list[Circumstance] | Unset = UNSET
        if _circumstances is not UNSET:
            circumstances = []
            for circumstances_item_data in _circumstances:
                circumstances_item = Circumstance(circumstances_item_data)

                circumstances.append(circumstances_item)

        def _parse_country(data: object) -> Country | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                country_type_0 = Country(data)

                return country_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Country | None | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        _exposure = d.pop("exposure", UNSET)
        exposure: ExposureInput | Unset
        if isinstance(_exposure, Unset):
            exposure = UNSET
        else:
            exposure = ExposureInput.from_dict(_exposure)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        public_casualty_sensitivity = d.pop("public_casualty_sensitivity", UNSET)

        def _parse_relationships(data: object) -> list[Relationship] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                relationships_type_0 = []
                _relationships_type_0 = data
                for relationships_type_0_item_data in _relationships_type_0:
                    relationships_type_0_item = Relationship(relationships_type_0_item_data)

                    relationships_type_0.append(relationships_type_0_item)

                return relationships_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Relationship] | None | Unset, data)

        relationships = _parse_relationships(d.pop("relationships", UNSET))

        _time_horizon = d.pop("time_horizon", UNSET)
        time_horizon: Horizon | Unset
        if isinstance(_time_horizon, Unset):
            time_horizon = UNSET
        else:
            time_horizon = Horizon(_time_horizon)

        profile_input = cls(
            stakeholder_type=stakeholder_type,
            alignment=alignment,
            alliances=alliances,
            area_weights=area_weights,
            capacities=capacities,
            circumstances=circumstances,
            country=country,
            exposure=exposure,
            name=name,
            public_casualty_sensitivity=public_casualty_sensitivity,
            relationships=relationships,
            time_horizon=time_horizon,
        )

        return profile_input
