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

if TYPE_CHECKING:
    from ..models.area_weights import AreaWeights
    from ..models.capacities import Capacities
    from ..models.exposure import Exposure


T = TypeVar("T", bound="Profile")


@_attrs_define
class Profile:
    """
    Attributes:
        alignment (Alignment):
        alliances (list[Alliance]): Alliances and bodies it belongs to. Default: none.
        area_weights (AreaWeights):
        capacities (Capacities):
        circumstances (list[Circumstance]): Facts about its situation that change the advice. Default: none.
        country (Country | None): ISO 3166-1 alpha-2 code of the stakeholder's home country.
        exposure (Exposure):
        name (None | str): Display name of the stakeholder, one line of text. Example: Ministry of National Defense,
            Republic of Korea.
        public_casualty_sensitivity (float): How strongly its public reacts to casualties, 0..1. Default: 0.5.
        relationships (list[Relationship] | None): Treaty and partnership ties that decide whose side it is on. Left
            out, a state body takes its country's entry in the vocabulary's relationship_defaults; an explicit list, even an
            empty one, replaces them.
        stakeholder_type (StakeholderType):
        time_horizon (Horizon):
    """

    alignment: Alignment
    alliances: list[Alliance]
    area_weights: AreaWeights
    capacities: Capacities
    circumstances: list[Circumstance]
    country: Country | None
    exposure: Exposure
    name: None | str
    public_casualty_sensitivity: float
    relationships: list[Relationship] | None
    stakeholder_type: StakeholderType
    time_horizon: Horizon

    def to_dict(self) -> dict[str, Any]:
        alignment = self.alignment.value

        alliances = []
        for alliances_item_data in self.alliances:
            alliances_item = alliances_item_data.value
            alliances.append(alliances_item)

        area_weights = self.area_weights.to_dict()

        capacities = self.capacities.to_dict()

        circumstances = []
        for circumstances_item_data in self.circumstances:
            circumstances_item = circumstances_item_data.value
            circumstances.append(circumstances_item)

        country: None | str
        if isinstance(self.country, Country):
            country = self.country.value
        else:
            country = self.country

        exposure = self.exposure.to_dict()

        name: None | str
        name = self.name

        public_casualty_sensitivity = self.public_casualty_sensitivity

        relationships: list[str] | None
        if isinstance(self.relationships, list):
            relationships = []
            for relationships_type_0_item_data in self.relationships:
                relationships_type_0_item = relationships_type_0_item_data.value
                relationships.append(relationships_type_0_item)

        else:
            relationships = self.relationships

        stakeholder_type = self.stakeholder_type.value

        time_horizon = self.time_horizon.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "alignment": alignment,
                "alliances": alliances,
                "area_weights": area_weights,
                "capacities": capacities,
                "circumstances": circumstances,
                "country": country,
                "exposure": exposure,
                "name": name,
                "public_casualty_sensitivity": public_casualty_sensitivity,
                "relationships": relationships,
                "stakeholder_type": stakeholder_type,
                "time_horizon": time_horizon,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.area_weights import AreaWeights  # noqa: PLC0415
        from ..models.capacities import Capacities  # noqa: PLC0415
        from ..models.exposure import Exposure  # noqa: PLC0415

        d = dict(src_dict)
        alignment = Alignment(d.pop("alignment"))

        alliances = []
        _alliances = d.pop("alliances")
        for alliances_item_data in _alliances:
            alliances_item = Alliance(alliances_item_data)

            alliances.append(alliances_item)

        area_weights = AreaWeights.from_dict(d.pop("area_weights"))

        capacities = Capacities.from_dict(d.pop("capacities"))

        circumstances = []
        _circumstances = d.pop("circumstances")
        for circumstances_item_data in _circumstances:
            circumstances_item = Circumstance(circumstances_item_data)

            circumstances.append(circumstances_item)

        def _parse_country(data: object) -> Country | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                country_type_0 = Country(data)

                return country_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Country | None, data)

        country = _parse_country(d.pop("country"))

        exposure = Exposure.from_dict(d.pop("exposure"))

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        public_casualty_sensitivity = d.pop("public_casualty_sensitivity")

        def _parse_relationships(data: object) -> list[Relationship] | None:
            if data is None:
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
            return cast(list[Relationship] | None, data)

        relationships = _parse_relationships(d.pop("relationships"))

        stakeholder_type = StakeholderType(d.pop("stakeholder_type"))

        time_horizon = Horizon(d.pop("time_horizon"))

        profile = cls(
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
            stakeholder_type=stakeholder_type,
            time_horizon=time_horizon,
        )

        return profile
