from enum import StrEnum


class Relationship(StrEnum):
    STRATEGIC_PARTNER_OF_RUSSIA = "strategic_partner_of_russia"
    TREATY_ALLY_OF_DPRK = "treaty_ally_of_dprk"
    TREATY_ALLY_OF_RUSSIA = "treaty_ally_of_russia"

    def __str__(self) -> str:
        return str(self.value)
