from enum import StrEnum


class IndicatorDirection(StrEnum):
    LOWERS = "lowers"
    RAISES = "raises"

    def __str__(self) -> str:
        return str(self.value)
