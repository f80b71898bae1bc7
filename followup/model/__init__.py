"""The model stage: the data format as pydantic models (one module per YAML file), Swedish numbers,
periods and formatting, and YAML read with the location of every value."""
