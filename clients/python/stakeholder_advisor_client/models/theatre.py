from enum import StrEnum


class Theatre(StrEnum):
    KOREAN_PENINSULA = "korean_peninsula"
    UKRAINE_RUSSIA_FRONT = "ukraine_russia_front"

    def __str__(self) -> str:
        return str(self.value)
