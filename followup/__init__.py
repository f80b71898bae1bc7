"""Static site generator for follow-up reports of Swedish municipalities."""
