"""Source articles: loading, segmentation into citable passages, and quote resolution."""
