"""Contains all the data models used in inputs/outputs"""

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
from .confidence import Confidence
from .confidence_level import ConfidenceLevel
from .evidence import Evidence
from .exposure import Exposure
from .exposure_korean_peninsula import ExposureKoreanPeninsula
from .exposure_ukraine_russia_front import ExposureUkraineRussiaFront
from .failed_test import FailedTest
from .get_v1_assessments_stakeholder_type_type_1 import GetV1AssessmentsStakeholderTypeType1
from .get_v1_assessments_stakeholder_type_type_2_type_1 import GetV1AssessmentsStakeholderTypeType2Type1
from .get_v1_assessments_stakeholder_type_type_3_type_1 import GetV1AssessmentsStakeholderTypeType3Type1
from .health import Health
from .indicator import Indicator
from .indicator_direction import IndicatorDirection
from .nearest_rule import NearestRule
from .not_applicable import NotApplicable
from .pagination_metadata import PaginationMetadata
from .passage import Passage
from .post_v1_assessments_explain import PostV1AssessmentsExplain
from .priority import Priority
from .problem import Problem
from .problem_errors import ProblemErrors
from .profile import Profile
from .profile_alignment import ProfileAlignment
from .profile_alliances_item import ProfileAlliancesItem
from .profile_circumstances_item import ProfileCircumstancesItem
from .profile_country_type_1 import ProfileCountryType1
from .profile_country_type_2_type_1 import ProfileCountryType2Type1
from .profile_country_type_3_type_1 import ProfileCountryType3Type1
from .profile_relationships_type_0_item import ProfileRelationshipsType0Item
from .profile_stakeholder_type import ProfileStakeholderType
from .profile_time_horizon import ProfileTimeHorizon
from .ready import Ready
from .recommendation import Recommendation
from .rule import Rule
from .rule_boosts_item import RuleBoostsItem
from .rule_set import RuleSet
from .rule_set_list import RuleSetList
from .rule_set_summary import RuleSetSummary
from .rule_tensions_item import RuleTensionsItem
from .rule_when import RuleWhen
from .summary import Summary
from .tension import Tension
from .term import Term
from .test import Test
from .versions import Versions
from .versions_articles import VersionsArticles
from .vocabulary import Vocabulary
from .vocabulary_profile_defaults import VocabularyProfileDefaults
from .vocabulary_relationship_defaults import VocabularyRelationshipDefaults
from .why_empty import WhyEmpty
from .why_empty_nearest_type_0_type_0 import WhyEmptyNearestType0Type0
from .why_empty_reason import WhyEmptyReason

__all__ = (
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
    "Confidence",
    "ConfidenceLevel",
    "Evidence",
    "Exposure",
    "ExposureKoreanPeninsula",
    "ExposureUkraineRussiaFront",
    "FailedTest",
    "GetV1AssessmentsStakeholderTypeType1",
    "GetV1AssessmentsStakeholderTypeType2Type1",
    "GetV1AssessmentsStakeholderTypeType3Type1",
    "Health",
    "Indicator",
    "IndicatorDirection",
    "NearestRule",
    "NotApplicable",
    "PaginationMetadata",
    "Passage",
    "PostV1AssessmentsExplain",
    "Priority",
    "Problem",
    "ProblemErrors",
    "Profile",
    "ProfileAlignment",
    "ProfileAlliancesItem",
    "ProfileCircumstancesItem",
    "ProfileCountryType1",
    "ProfileCountryType2Type1",
    "ProfileCountryType3Type1",
    "ProfileRelationshipsType0Item",
    "ProfileStakeholderType",
    "ProfileTimeHorizon",
    "Ready",
    "Recommendation",
    "Rule",
    "RuleBoostsItem",
    "RuleSet",
    "RuleSetList",
    "RuleSetSummary",
    "RuleTensionsItem",
    "RuleWhen",
    "Summary",
    "Tension",
    "Term",
    "Test",
    "Versions",
    "VersionsArticles",
    "Vocabulary",
    "VocabularyProfileDefaults",
    "VocabularyRelationshipDefaults",
    "WhyEmpty",
    "WhyEmptyNearestType0Type0",
    "WhyEmptyReason",
)
