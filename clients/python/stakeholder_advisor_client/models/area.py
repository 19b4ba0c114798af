from enum import StrEnum


class Area(StrEnum):
    DIPLOMATIC = "diplomatic"
    HUMANITARIAN = "humanitarian"
    MILITARY_READINESS = "military_readiness"
    PUBLIC_OPINION = "public_opinion"

    def __str__(self) -> str:
        return str(self.value)
