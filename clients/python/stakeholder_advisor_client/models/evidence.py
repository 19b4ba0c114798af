from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Evidence")


@_attrs_define
class Evidence:
    """
    Attributes:
        article_id (str):
        end (int):
        passage_id (str):  Example: s5.p4.x1.
        quote (str): Exactly body[start:end].
        section (str):
        start (int):
    """

    article_id: str
    end: int
    passage_id: str
    quote: str
    section: str
    start: int

    def to_dict(self) -> dict[str, Any]:
        article_id = self.article_id

        end = self.end

        passage_id = self.passage_id

        quote = self.quote

        section = self.section

        start = self.start

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "article_id": article_id,
                "end": end,
                "passage_id": passage_id,
                "quote": quote,
                "section": section,
                "start": start,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        article_id = d.pop("article_id")

        end = d.pop("end")

        passage_id = d.pop("passage_id")

        quote = d.pop("quote")

        section = d.pop("section")

        start = d.pop("start")

        evidence = cls(
            article_id=article_id,
            end=end,
            passage_id=passage_id,
            quote=quote,
            section=section,
            start=start,
        )

        return evidence
