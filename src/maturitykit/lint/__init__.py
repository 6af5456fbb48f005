"""Framework linting: schema errors plus coded rules (MK001...)."""
