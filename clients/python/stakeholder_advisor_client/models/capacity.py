from enum import StrEnum


class Capacity(StrEnum):
    COMMUNICATIONS = "communications"
    DIPLOMATIC = "diplomatic"
    HUMANITARIAN = "humanitarian"
    MILITARY = "military"

    def __str__(self) -> str:
        return str(self.value)
