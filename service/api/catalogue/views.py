"""Views of rule sets, articles and vocabulary: read-only, versioned, answered with 304 when unchanged."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from service.api.auth import requires
from service.api.catalogue import schemas
from service.api.state import state
from service.engine.model import rule_as_data
from service.registry import Registry
from service.vocabulary import GROUPS


def build_blueprint(registry: Registry) -> list[Blueprint]:
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

    @rulesets.route("")
    class RuleSets(MethodView):
        @requires(rulesets, "read")
        @rulesets.etag
        @rulesets.response(200, schemas.RuleSetListSchema)
        def get(self):
            """List the rule sets"""
            registry = state().registry
            rulesets.set_etag(registry.versions["rules"])
            return {
                "version": registry.versions["rules"],
                "rulesets": [
                    {
                        "area": rs.area,
                        "id_prefix": rs.id_prefix,
                        "rule_count": len(rs.rules),
                        "url": url_for("rulesets.RuleSet", area=rs.area),
                    }
                    for rs in registry.rulesets
                ],
            }

    @rulesets.route("/<string:area>")
    class RuleSet(MethodView):
        @requires(rulesets, "read")
        @rulesets.etag
        @rulesets.response(200, schemas.RuleSetSchema)
        @rulesets.alt_response(404, response="NOT_FOUND")
        def get(self, area: str):
            """Read one area's rules, with their conditions and resolved evidence"""
            registry = state().registry
            ruleset = next((rs for rs in registry.rulesets if rs.area == area), None)
            if ruleset is None:
                abort(
                    404,
                    message=f"No rule set '{area}'; areas: {', '.join(registry.vocabulary.values('areas'))}.",
                )
            rulesets.set_etag(registry.versions["rules"])
            return {
                "version": registry.versions["rules"],
                "area": ruleset.area,
                "id_prefix": ruleset.id_prefix,
                "rules": [rule_as_data(rule) for rule in ruleset.rules],
            }

    @articles.route("")
    class Articles(MethodView):
        @requires(articles, "read")
        @articles.etag
        @articles.response(200, schemas.ArticleListSchema)
        def get(self):
            """List the source articles"""
            registry = state().registry
            articles.set_etag(registry.versions["articles"])
            return {
                "articles": [
                    {**a.metadata(), "url": url_for("articles.Article", article_id=a.id)}
                    for a in registry.articles.values()
                ]
            }

    @articles.route("/<string:article_id>")
    class Article(MethodView):
        @requires(articles, "read")
        @articles.etag
        @articles.response(200, schemas.ArticleSchema)
        @articles.alt_response(404, response="NOT_FOUND")
        def get(self, article_id: str):
            """Read an article: its exact body and every passage with offsets"""
            article = state().registry.articles.get(article_id)
            if article is None:
                abort(404, message=f"No article '{article_id}'.")
            articles.set_etag(article.version)
            return {
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
            }

    @vocabulary.route("")
    class Vocabulary(MethodView):
        @requires(vocabulary, "read")
        @vocabulary.etag
        @vocabulary.response(200, schemas.vocabulary_schema(GROUPS))
        def get(self):
            """Every enumerated value, with labels and descriptions, and the profile defaults"""
            registry = state().registry
            vocabulary.set_etag(registry.versions["vocabulary"])
            return {**registry.vocabulary.as_dict(), "version": registry.versions["vocabulary"]}

    return [rulesets, articles, vocabulary]
