"""The check stage: rules across a report's files and an organisation's reports, one module per subject,
registered in `rules.py`; the stated-vs-computed tolerance rule in `compare.py`."""
