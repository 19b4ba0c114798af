from enum import StrEnum


class Circumstance(StrEnum):
    BORDERS_DPRK = "borders_dprk"
    BORDERS_RUSSIA = "borders_russia"
    CONSCRIPTION_BASED_FORCES = "conscription_based_forces"
    DEFECTOR_RECEPTION_ROLE = "defector_reception_role"
    DIASPORA_FROM_REGION = "diaspora_from_region"
    ELECTION_WITHIN_12_MONTHS = "election_within_12_months"
    HOLDS_DPRK_PRISONERS = "holds_dprk_prisoners"
    HOSTS_DISPLACED_PEOPLE = "hosts_displaced_people"
    HOSTS_US_FORCES = "hosts_us_forces"
    OPERATES_IN_CONFLICT_ZONE = "operates_in_conflict_zone"
    REPORTS_FROM_FRONT = "reports_from_front"
    SANCTIONS_ENFORCEMENT_ROLE = "sanctions_enforcement_role"
    STAFF_IN_REGION = "staff_in_region"
    SUPPLIES_MILITARY_AID = "supplies_military_aid"
    TRADE_EXPOSURE_TO_RUSSIA = "trade_exposure_to_russia"
    TREATY_MONITORING_ROLE = "treaty_monitoring_role"

    def __str__(self) -> str:
        return str(self.value)
