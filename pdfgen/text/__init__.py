"""Human-facing text: the Jinja2 sandbox, fonts and coverage, and the resolved handout."""
