"""Contains all the data models used in inputs/outputs"""

from .alignment import Alignment
from .alliance import Alliance
from .area import Area
from .area_summary import AreaSummary
from .area_summary_why_empty_type_1_type_0 import AreaSummaryWhyEmptyType1Type0
from .area_weights import AreaWeights
from .article import Article
from .article_list import ArticleList
from .article_metadata import ArticleMetadata
from .assessment import Assessment
from .assessment_item import AssessmentItem
from .assessment_list import AssessmentList
from .basis import Basis
from .basis_kind import BasisKind
from .boost import Boost
from .breakdown import Breakdown
from .capacities import Capacities
from .capacities_input import CapacitiesInput
from .capacity import Capacity
from .circumstance import Circumstance
from .confidence import Confidence
from .confidence_level import ConfidenceLevel
from .country import Country
from .create_assessment_explain import CreateAssessmentExplain
from .evidence import Evidence
from .exposure import Exposure
from .exposure_input import ExposureInput
from .exposure_level import ExposureLevel
from .failed_test import FailedTest
from .field_error import FieldError
from .field_error_code import FieldErrorCode
from .form_field import FormField
from .form_field_default_by_stakeholder_type_type_0 import FormFieldDefaultByStakeholderTypeType0
from .form_field_kind import FormFieldKind
from .health import Health
from .horizon import Horizon
from .indicator import Indicator
from .indicator_direction import IndicatorDirection
from .nearest_rule import NearestRule
from .not_applicable import NotApplicable
from .passage import Passage
from .priority import Priority
from .problem import Problem
from .problem_errors import ProblemErrors
from .profile import Profile
from .profile_input import ProfileInput
from .ready import Ready
from .recommendation import Recommendation
from .relationship import Relationship
from .rule import Rule
from .rule_boosts_item import RuleBoostsItem
from .rule_set import RuleSet
from .rule_set_list import RuleSetList
from .rule_set_summary import RuleSetSummary
from .rule_tensions_item import RuleTensionsItem
from .rule_when import RuleWhen
from .severity import Severity
from .stakeholder_type import StakeholderType
from .summary import Summary
from .tension import Tension
from .term import Term
from .test import Test
from .theatre import Theatre
from .tier import Tier
from .tier_term import TierTerm
from .versions import Versions
from .versions_articles import VersionsArticles
from .vocabulary import Vocabulary
from .vocabulary_profile_defaults import VocabularyProfileDefaults
from .vocabulary_relationship_defaults import VocabularyRelationshipDefaults
from .why_empty import WhyEmpty
from .why_empty_nearest_type_0_type_0 import WhyEmptyNearestType0Type0
from .why_empty_reason import WhyEmptyReason

__all__ = (
    "Alignment",
    "Alliance",
    "Area",
    "AreaSummary",
    "AreaSummaryWhyEmptyType1Type0",
    "AreaWeights",
    "Article",
    "ArticleList",
    "ArticleMetadata",
    "Assessment",
    "AssessmentItem",
    "AssessmentList",
    "Basis",
    "BasisKind",
    "Boost",
    "Breakdown",
    "Capacities",
    "CapacitiesInput",
    "Capacity",
    "Circumstance",
    "Confidence",
    "ConfidenceLevel",
    "Country",
    "CreateAssessmentExplain",
    "Evidence",
    "Exposure",
    "ExposureInput",
    "ExposureLevel",
    "FailedTest",
    "FieldError",
    "FieldErrorCode",
    "FormField",
    "FormFieldDefaultByStakeholderTypeType0",
    "FormFieldKind",
    "Health",
    "Horizon",
    "Indicator",
    "IndicatorDirection",
    "NearestRule",
    "NotApplicable",
    "Passage",
    "Priority",
    "Problem",
    "ProblemErrors",
    "Profile",
    "ProfileInput",
    "Ready",
    "Recommendation",
    "Relationship",
    "Rule",
    "RuleBoostsItem",
    "RuleSet",
    "RuleSetList",
    "RuleSetSummary",
    "RuleTensionsItem",
    "RuleWhen",
    "Severity",
    "StakeholderType",
    "Summary",
    "Tension",
    "Term",
    "Test",
    "Theatre",
    "Tier",
    "TierTerm",
    "Versions",
    "VersionsArticles",
    "Vocabulary",
    "VocabularyProfileDefaults",
    "VocabularyRelationshipDefaults",
    "WhyEmpty",
    "WhyEmptyNearestType0Type0",
    "WhyEmptyReason",
)
