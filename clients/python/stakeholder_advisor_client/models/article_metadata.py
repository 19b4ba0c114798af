from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ArticleMetadata")


@_attrs_define
class ArticleMetadata:
    """
    Attributes:
        id (str):
        language (str):
        published (None | str): Publication date; null if unknown.
        publisher (None | str): Null if unknown.
        retrieved (str):
        source (None | str):
        title (str):
        url (str):
        version (str): sha256 of the body
    """

    id: str
    language: str
    published: None | str
    publisher: None | str
    retrieved: str
    source: None | str
    title: str
    url: str
    version: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        language = self.language

        published: None | str
        published = self.published

        publisher: None | str
        publisher = self.publisher

        retrieved = self.retrieved

        source: None | str
        source = self.source

        title = self.title

        url = self.url

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "language": language,
                "published": published,
                "publisher": publisher,
                "retrieved": retrieved,
                "source": source,
                "title": title,
                "url": url,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        language = d.pop("language")

        def _parse_published(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        published = _parse_published(d.pop("published"))

        def _parse_publisher(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        publisher = _parse_publisher(d.pop("publisher"))

        retrieved = d.pop("retrieved")

        def _parse_source(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source = _parse_source(d.pop("source"))

        title = d.pop("title")

        url = d.pop("url")

        version = d.pop("version")

        article_metadata = cls(
            id=id,
            language=language,
            published=published,
            publisher=publisher,
            retrieved=retrieved,
            source=source,
            title=title,
            url=url,
            version=version,
        )

        return article_metadata
