"""Views of rule sets, articles and vocabulary: read-only, versioned, answered with 304 when unchanged.

Nothing here depends on an app's configuration until a request comes: the views read the
registry of the app that answers, so one set of blueprints serves every app.
"""

from __future__ import annotations

import hashlib
import json

from flask import url_for
from flask.views import MethodView
from flask_smorest import abort

from service.api.auth import requires
from service.api.blueprint import Blueprint
from service.api.catalogue import schemas
from service.api.catalogue.conditional import VERSION_HEADERS, conditional, versioned
from service.api.state import state
from service.engine.model import rule_as_data
from service.profileform import form_fields
from service.registry import Registry
from service.vocabulary import GROUPS

rulesets = Blueprint(
    "rulesets", __name__, url_prefix="/v1/rulesets", description="The rule sets, one per area."
)
articles = Blueprint(
    "articles",
    __name__,
    url_prefix="/v1/articles",
    description="Source articles and their passages.",
)
vocabulary = Blueprint(
    "vocabulary",
    __name__,
    url_prefix="/v1/vocabulary",
    description="Every value a profile may use.",
)
BLUEPRINTS = (rulesets, articles, vocabulary)
VOCABULARY_SCHEMA = schemas.vocabulary_schema(GROUPS)


@rulesets.route("")
class RuleSets(MethodView):
    @requires(rulesets, "read")
    @rulesets.doc(operationId="listRulesets")
    @conditional(rulesets)
    @rulesets.response(200, schemas.RuleSetListSchema, headers=VERSION_HEADERS)
    def get(self):
        """List the rule sets"""
        registry = state().registry
        version = registry.versions["rules"]
        return versioned(
            version,
            lambda: {
                "version": version,
                "rulesets": [
                    {
                        "area": rs.area,
                        "id_prefix": rs.id_prefix,
                        "rule_count": len(rs.rules),
                        "url": url_for("rulesets.RuleSet", area=rs.area),
                    }
                    for rs in registry.rulesets
                ],
            },
            schemas.RuleSetListSchema,
        )


@rulesets.route("/<string:area>")
class RuleSet(MethodView):
    @requires(rulesets, "read")
    @rulesets.doc(operationId="getRuleset")
    @conditional(rulesets)
    @rulesets.response(200, schemas.RuleSetSchema, headers=VERSION_HEADERS)
    @rulesets.alt_response(404, response="NOT_FOUND")
    def get(self, area: str):
        """Read one area's rules, with their conditions and resolved evidence"""
        registry = state().registry
        ruleset = registry.ruleset(area)
        if ruleset is None:
            areas = ", ".join(registry.vocabulary.values("areas"))
            abort(404, message=f"No rule set '{area}'; areas: {areas}.")
        version = registry.versions["rules"]
        return versioned(
            version,
            lambda: {
                "version": version,
                "area": ruleset.area,
                "id_prefix": ruleset.id_prefix,
                "rules": [rule_as_data(rule) for rule in ruleset.rules],
            },
            schemas.RuleSetSchema,
        )


@articles.route("")
class Articles(MethodView):
    @requires(articles, "read")
    @articles.doc(operationId="listArticles")
    @conditional(articles)
    @articles.response(200, schemas.ArticleListSchema, headers=VERSION_HEADERS)
    def get(self):
        """List the source articles"""
        shown = state().registry.articles.values()
        # One version for the list: it changes when any article does.
        version = hashlib.sha256(
            json.dumps({a.id: a.version for a in shown}, sort_keys=True).encode()
        ).hexdigest()
        return versioned(
            version,
            lambda: {
                "articles": [
                    {**a.metadata(), "url": url_for("articles.Article", article_id=a.id)}
                    for a in shown
                ]
            },
            schemas.ArticleListSchema,
        )


@articles.route("/<string:article_id>")
class Article(MethodView):
    @requires(articles, "read")
    @articles.doc(operationId="getArticle")
    @conditional(articles)
    @articles.response(200, schemas.ArticleSchema, headers=VERSION_HEADERS)
    @articles.alt_response(404, response="NOT_FOUND")
    def get(self, article_id: str):
        """Read an article: its exact body and every passage with offsets"""
        article = state().registry.articles.get(article_id)
        if article is None:
            abort(404, message=f"No article '{article_id}'.")
        return versioned(
            article.version,
            lambda: {
                **article.metadata(),
                "url": url_for("articles.Article", article_id=article.id),
                "body": article.body,
                "passages": [
                    {
                        "id": p.id,
                        "level": str(p.level),
                        "start": p.start,
                        "end": p.end,
                        "section_id": p.section_id,
                        "section_title": p.section_title,
                    }
                    for p in article.passages
                ],
            },
            schemas.ArticleSchema,
        )


@vocabulary.route("")
class Vocabulary(MethodView):
    @requires(vocabulary, "read")
    @vocabulary.doc(operationId="getVocabulary")
    @conditional(vocabulary)
    @vocabulary.response(200, VOCABULARY_SCHEMA, headers=VERSION_HEADERS)
    def get(self):
        """Every enumerated value with labels, the priority tiers, and a profile form's fields"""
        registry = state().registry
        version = registry.versions["vocabulary"]
        return versioned(version, lambda: _vocabulary_body(registry, version), VOCABULARY_SCHEMA)


def _vocabulary_body(registry: Registry, version: str) -> dict:
    body = registry.vocabulary.as_dict()
    thresholds = {tier.name: tier.min for tier in registry.scoring.tiers}
    body["tiers"] = [{**term, "min": thresholds[term["value"]]} for term in body["tiers"]]
    body["fields"] = form_fields(registry.profile_schema, registry.vocabulary, registry.scoring)
    return {**body, "version": version}
