"""Read-only resources for portals: rule sets, articles and the vocabulary, with ETags."""
