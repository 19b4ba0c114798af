"""/v1/assessments: create, read, list and delete assessments."""
