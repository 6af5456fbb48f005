"""maturitykit: maturity assessments of health and care systems."""

__version__ = "0.1.0"
