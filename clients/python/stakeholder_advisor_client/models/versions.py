from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.versions_articles import VersionsArticles


T = TypeVar("T", bound="Versions")


@_attrs_define
class Versions:
    """
    Attributes:
        articles (VersionsArticles):
        rules (str):
        service (str):
    """

    articles: VersionsArticles
    rules: str
    service: str

    def to_dict(self) -> dict[str, Any]:
        articles = self.articles.to_dict()

        rules = self.rules

        service = self.service

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "articles": articles,
                "rules": rules,
                "service": service,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.versions_articles import VersionsArticles  # noqa: PLC0415

        d = dict(src_dict)
        articles = VersionsArticles.from_dict(d.pop("articles"))

        rules = d.pop("rules")

        service = d.pop("service")

        versions = cls(
            articles=articles,
            rules=rules,
            service=service,
        )

        return versions
