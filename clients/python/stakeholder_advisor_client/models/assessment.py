from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.not_applicable import NotApplicable
    from ..models.profile import Profile
    from ..models.recommendation import Recommendation
    from ..models.summary import Summary
    from ..models.tension import Tension
    from ..models.versions import Versions


T = TypeVar("T", bound="Assessment")


@_attrs_define
class Assessment:
    """
    Attributes:
        caveats (list[str]):
        created_at (datetime.datetime):
        id (None | UUID): null on a dry run, which is not stored.
        profile (Profile):
        profile_digest (str):
        recommendations (list[Recommendation]):
        stored (bool): false on a dry run (`dry_run=true`).
        summary (Summary):
        tensions (list[Tension]):
        versions (Versions):
        not_applicable (list[NotApplicable] | Unset): Only with explain=full.
    """

    caveats: list[str]
    created_at: datetime.datetime
    id: None | UUID
    profile: Profile
    profile_digest: str
    recommendations: list[Recommendation]
    stored: bool
    summary: Summary
    tensions: list[Tension]
    versions: Versions
    not_applicable: list[NotApplicable] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        caveats = self.caveats

        created_at = self.created_at.isoformat()

        id: None | str
        if isinstance(self.id, UUID):
            id = str(self.id)
        else:
            id = self.id

        profile = self.profile.to_dict()

        profile_digest = self.profile_digest

        recommendations = []
        for recommendations_item_data in self.recommendations:
            recommendations_item = recommendations_item_data.to_dict()
            recommendations.append(recommendations_item)

        stored = self.stored

        summary = self.summary.to_dict()

        tensions = []
        for tensions_item_data in self.tensions:
            tensions_item = tensions_item_data.to_dict()
            tensions.append(tensions_item)

        versions = self.versions.to_dict()

        not_applicable: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.not_applicable, Unset):
            not_applicable = []
            for not_applicable_item_data in self.not_applicable:
                not_applicable_item = not_applicable_item_data.to_dict()
                not_applicable.append(not_applicable_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "caveats": caveats,
                "created_at": created_at,
                "id": id,
                "profile": profile,
                "profile_digest": profile_digest,
                "recommendations": recommendations,
                "stored": stored,
                "summary": summary,
                "tensions": tensions,
                "versions": versions,
            }
        )
        if not_applicable is not UNSET:
            field_dict["not_applicable"] = not_applicable

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.not_applicable import NotApplicable  # noqa: PLC0415
        from ..models.profile import Profile  # noqa: PLC0415
        from ..models.recommendation import Recommendation  # noqa: PLC0415
        from ..models.summary import Summary  # noqa: PLC0415
        from ..models.tension import Tension  # noqa: PLC0415
        from ..models.versions import Versions  # noqa: PLC0415

        d = dict(src_dict)
        caveats = cast(list[str], d.pop("caveats"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                id_type_0 = UUID(data)

                return id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        id = _parse_id(d.pop("id"))

        profile = Profile.from_dict(d.pop("profile"))

        profile_digest = d.pop("profile_digest")

        recommendations = []
        _recommendations = d.pop("recommendations")
        for recommendations_item_data in _recommendations:
            recommendations_item = Recommendation.from_dict(recommendations_item_data)

            recommendations.append(recommendations_item)

        stored = d.pop("stored")

        summary = Summary.from_dict(d.pop("summary"))

        tensions = []
        _tensions = d.pop("tensions")
        for tensions_item_data in _tensions:
            tensions_item = Tension.from_dict(tensions_item_data)

            tensions.append(tensions_item)

        versions = Versions.from_dict(d.pop("versions"))

        _not_applicable = d.pop("not_applicable", UNSET)
        not_applicable: list[NotApplicable] | Unset = UNSET
        if _not_applicable is not UNSET:
            not_applicable = []
            for not_applicable_item_data in _not_applicable:
                not_applicable_item = NotApplicable.from_dict(not_applicable_item_data)

                not_applicable.append(not_applicable_item)

        assessment = cls(
            caveats=caveats,
            created_at=created_at,
            id=id,
            profile=profile,
            profile_digest=profile_digest,
            recommendations=recommendations,
            stored=stored,
            summary=summary,
            tensions=tensions,
            versions=versions,
            not_applicable=not_applicable,
        )

        return assessment
