from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.passage import Passage


T = TypeVar("T", bound="Article")


@_attrs_define
class Article:
    """
    Attributes:
        body (str):
        id (str):
        language (str):
        passages (list[Passage]):
        published (None | str): Publication date; null if unknown.
        publisher (None | str): Null if unknown.
        retrieved (str):
        source (None | str):
        title (str):
        url (str):
        version (str): sha256 of the body
    """

    body: str
    id: str
    language: str
    passages: list[Passage]
    published: None | str
    publisher: None | str
    retrieved: str
    source: None | str
    title: str
    url: str
    version: str

    def to_dict(self) -> dict[str, Any]:
        body = self.body

        id = self.id

        language = self.language

        passages = []
        for passages_item_data in self.passages:
            passages_item = passages_item_data.to_dict()
            passages.append(passages_item)

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
                "body": body,
                "id": id,
                "language": language,
                "passages": passages,
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
        from ..models.passage import Passage  # noqa: PLC0415

        d = dict(src_dict)
        body = d.pop("body")

        id = d.pop("id")

        language = d.pop("language")

        passages = []
        _passages = d.pop("passages")
        for passages_item_data in _passages:
            passages_item = Passage.from_dict(passages_item_data)

            passages.append(passages_item)

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

        article = cls(
            body=body,
            id=id,
            language=language,
            passages=passages,
            published=published,
            publisher=publisher,
            retrieved=retrieved,
            source=source,
            title=title,
            url=url,
            version=version,
        )

        return article
