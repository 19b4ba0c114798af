"""Rule sets, articles and vocabulary: complete, versioned, and 304 when unchanged."""

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/v1/rulesets",
        "/v1/rulesets/diplomatic",
        "/v1/articles",
        "/v1/articles/dprk-troops-kursk",
        "/v1/vocabulary",
    ],
)
def test_etag_and_304(client, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "no-cache"
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag, "a 304 names the version the client holds"
    assert client.get(url, headers={"If-None-Match": f'"stale", W/{etag}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200


@pytest.mark.parametrize("url", ["/v1/rulesets", "/v1/articles", "/v1/articles/dprk-troops-kursk"])
def test_a_body_written_once_follows_the_mount_point_it_was_asked_at(client, url):
    """A body is written once and sent as written after, but never across mount points: its
    URLs are the mount point's."""
    plain = [client.get(url) for _ in range(2)]
    mounted = [client.get(url, environ_overrides={"SCRIPT_NAME": "/advisor"}) for _ in range(2)]
    assert plain[0].data == plain[1].data
    assert mounted[0].data == mounted[1].data
    assert plain[0].data != mounted[0].data
    assert plain[0].data.replace(b'"/v1/', b'"/advisor/v1/') == mounted[0].data
    assert plain[0].headers["Content-Type"] == "application/json"


def test_etags_are_the_versions(client, registry, article):
    assert client.get("/v1/rulesets").headers["ETag"] == f'"{registry.versions["rules"]}"'
    assert client.get("/v1/articles/dprk-troops-kursk").headers["ETag"] == f'"{article.version}"'
    vocabulary = client.get("/v1/vocabulary")
    assert vocabulary.headers["ETag"] == f'"{vocabulary.json["version"]}"'


def test_conditional_get_is_documented(client):
    operation = client.get("/openapi.json").json["paths"]["/v1/vocabulary"]["get"]
    assert any(p["name"] == "If-None-Match" for p in operation["parameters"])
    assert "304" in operation["responses"]
    assert "ETag" in operation["responses"]["200"]["headers"]


def test_rulesets_list_every_area(client, registry):
    body = client.get("/v1/rulesets").json
    assert body["version"] == registry.versions["rules"]
    assert [rs["area"] for rs in body["rulesets"]] == list(registry.vocabulary.values("areas"))
    assert sum(rs["rule_count"] for rs in body["rulesets"]) == len(registry.engine.rules)
    assert all(client.get(rs["url"]).status_code == 200 for rs in body["rulesets"])


def test_ruleset_shows_rules_as_written_with_resolved_evidence(client, registry):
    body = client.get("/v1/rulesets/military_readiness").json
    rule = next(r for r in body["rules"] if r["id"] == "mil.regional-defence-posture")
    assert rule["when"]["all"][0] == {
        "exposure.korean_peninsula": {"in": ["party", "frontline", "bordering", "regional"]}
    }
    text = registry.articles["dprk-troops-kursk"].body
    assert all(text[e["start"] : e["end"]] == e["quote"] for e in rule["evidence"])
    assert rule["assumptions"] and all(isinstance(a, str) for a in rule["assumptions"])
    grounded, ours = rule["indicators"][0], rule["indicators"][-1]
    assert grounded["direction"] == "raises" and "inference" not in grounded
    assert all(text[e["start"] : e["end"]] == e["quote"] for e in grounded["evidence"])
    assert ours == {"text": ours["text"], "direction": "lowers", "inference": True}


def test_unknown_ruleset_and_article_are_404(client):
    assert client.get("/v1/rulesets/economy").status_code == 404
    assert client.get("/v1/articles/other").status_code == 404


def test_article_has_exact_body_and_passages(client, article):
    body = client.get("/v1/articles/dprk-troops-kursk").json
    assert body["body"] == article.body
    assert body["version"] == article.version
    assert len(body["passages"]) == len(article.passages)
    for passage in body["passages"]:
        assert body["body"][passage["start"] : passage["end"]] == article.text(
            article.passage(passage["id"])
        )
    listing = client.get("/v1/articles").json["articles"]
    assert listing[0]["id"] == "dprk-troops-kursk" and "body" not in listing[0]


def test_vocabulary_has_labels_for_every_group(client, registry):
    body = client.get("/v1/vocabulary").json
    for group, terms in registry.vocabulary.groups.items():
        assert [t["value"] for t in body[group]] == [t.value for t in terms]
        assert all(t["label"] and t["description"] for t in body[group])
    assert "KR" in body["countries"]
    assert body["profile_defaults"]["time_horizon"] == "near_term"


def test_health_and_readiness(client, registry):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz").json
    assert ready["status"] == "ready" and ready["database"] == "ok"
    assert ready["rules"] == len(registry.engine.rules)
