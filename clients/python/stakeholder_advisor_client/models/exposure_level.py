from enum import StrEnum


class ExposureLevel(StrEnum):
    BORDERING = "bordering"
    DISTANT = "distant"
    FRONTLINE = "frontline"
    PARTY = "party"
    REGIONAL = "regional"

    def __str__(self) -> str:
        return str(self.value)
