"""Values a communicator writes as text (a stated number `7,77`, a period `2022 apr–dec`) as
pydantic field types: read by the value's own parser, written back as text."""

from __future__ import annotations

from typing import Any, Callable


def text_value_schema(cls: type, parse: Callable[[Any], Any], text: Callable[[Any], str]) -> Any:
    """The pydantic core schema of `cls`: a `cls` is kept as it is, anything else goes through
    `parse` (whose ValueError is the field's error); the output is `text(value)`."""
    # pydantic is needed only when a model uses the type: numbers and periods stay plain Python.
    from pydantic_core import core_schema

    def validate(value: Any) -> Any:
        return value if isinstance(value, cls) else parse(value)

    return core_schema.no_info_plain_validator_function(
        validate, serialization=core_schema.plain_serializer_function_ser_schema(text)
    )
