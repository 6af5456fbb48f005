"""Rendering: Jinja2 templates for the framework matrix, divergence and board reports."""
