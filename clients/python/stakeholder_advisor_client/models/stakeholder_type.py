from enum import StrEnum


class StakeholderType(StrEnum):
    ARMED_FORCES = "armed_forces"
    CIVIL_SOCIETY = "civil_society"
    DEFENCE_MINISTRY = "defence_ministry"
    FOREIGN_MINISTRY = "foreign_ministry"
    HUMANITARIAN_ORGANISATION = "humanitarian_organisation"
    INTELLIGENCE_AGENCY = "intelligence_agency"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    LEGISLATURE = "legislature"
    MEDIA_ORGANISATION = "media_organisation"
    NATIONAL_GOVERNMENT = "national_government"
    PRIVATE_SECTOR = "private_sector"
    RESEARCH_INSTITUTE = "research_institute"

    def __str__(self) -> str:
        return str(self.value)
