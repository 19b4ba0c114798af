from enum import StrEnum


class CreateAssessmentExplain(StrEnum):
    FULL = "full"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
