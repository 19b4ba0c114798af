from enum import StrEnum


class Tier(StrEnum):
    ACT_NOW = "act_now"
    MONITOR = "monitor"
    PLAN = "plan"

    def __str__(self) -> str:
        return str(self.value)
