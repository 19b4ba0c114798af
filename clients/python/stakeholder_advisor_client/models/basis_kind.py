from enum import StrEnum


class BasisKind(StrEnum):
    ATTRIBUTED = "attributed"
    HEDGED = "hedged"
    INFERENCE = "inference"
    SOURCE = "source"
    SUPPORT = "support"

    def __str__(self) -> str:
        return str(self.value)
