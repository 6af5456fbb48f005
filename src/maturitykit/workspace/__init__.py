"""An assessment workspace: a folder with maturity.toml, partners.csv and one folder per round."""
