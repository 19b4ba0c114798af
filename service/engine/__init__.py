"""The rule engine: load YAML rule sets, validate, compile, evaluate, score and explain (no web, no database)."""
