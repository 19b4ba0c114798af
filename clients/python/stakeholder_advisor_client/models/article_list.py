from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.article_metadata import ArticleMetadata


T = TypeVar("T", bound="ArticleList")


@_attrs_define
class ArticleList:
    """
    Attributes:
        articles (list[ArticleMetadata]):
    """

    articles: list[ArticleMetadata]

    def to_dict(self) -> dict[str, Any]:
        articles = []
        for articles_item_data in self.articles:
            articles_item = articles_item_data.to_dict()
            articles.append(articles_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "articles": articles,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.article_metadata import ArticleMetadata  # noqa: PLC0415

        d = dict(src_dict)
        articles = []
        _articles = d.pop("articles")
        for articles_item_data in _articles:
            articles_item = ArticleMetadata.from_dict(articles_item_data)

            articles.append(articles_item)

        article_list = cls(
            articles=articles,
        )

        return article_list
