"""The load stage: reading `data/` and `content/` into `ReportBundle`s, with every reading problem
located (`loader.load_project`)."""
