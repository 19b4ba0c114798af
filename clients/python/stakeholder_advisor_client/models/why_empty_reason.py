from enum import StrEnum


class WhyEmptyReason(StrEnum):
    MISSED = "missed"
    UNREACHABLE = "unreachable"
    WITHHELD = "withheld"

    def __str__(self) -> str:
        return str(self.value)
