from enum import StrEnum


class Horizon(StrEnum):
    IMMEDIATE = "immediate"
    LONG_TERM = "long_term"
    NEAR_TERM = "near_term"

    def __str__(self) -> str:
        return str(self.value)
