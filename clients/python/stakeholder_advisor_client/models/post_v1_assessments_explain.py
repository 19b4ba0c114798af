from enum import StrEnum


class PostV1AssessmentsExplain(StrEnum):
    FULL = "full"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
