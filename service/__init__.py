"""Stakeholder Advisor: grounded, prioritised recommendations for stakeholders of the Kursk deployment."""

__version__ = "0.1.0"
