from enum import StrEnum


class Alliance(StrEnum):
    CSTO = "csto"
    EU = "eu"
    NATO = "nato"
    QUAD = "quad"
    SCO = "sco"
    UN_SECURITY_COUNCIL = "un_security_council"
    US_JAPAN_ALLIANCE = "us_japan_alliance"
    US_ROK_ALLIANCE = "us_rok_alliance"
    US_ROK_JAPAN_TRILATERAL = "us_rok_japan_trilateral"

    def __str__(self) -> str:
        return str(self.value)
