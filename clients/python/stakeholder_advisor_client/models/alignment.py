from enum import StrEnum


class Alignment(StrEnum):
    NEUTRAL = "neutral"
    RUSSIA_OR_DPRK = "russia_or_dprk"
    SUPPORTS_RUSSIA = "supports_russia"
    SUPPORTS_UKRAINE = "supports_ukraine"
    UKRAINE = "ukraine"

    def __str__(self) -> str:
        return str(self.value)
