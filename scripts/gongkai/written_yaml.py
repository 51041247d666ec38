"""Front matter as gongkai.write writes it, read without PyYAML: the same mapping as PyYAML's safe loader gives, in
two fifths of the time (bench/bench_written.py).

Even with libyaml's parser, PyYAML takes 0.6 ms for a report's front matter, most of it building Python objects
node by node: 6 s of processor time in a build of 10,000 reports, more in the check. The writer's front matter is
one `key: value` a line, lists as `- item` lines, each value a plain or single-quoted scalar. This reads exactly
that, resolving each plain scalar with PyYAML's own implicit resolvers (so `2024`, `null`, `false` and `'420000'`
mean what they mean to PyYAML; a date is text to gongkai.store's loader, which reads none), and answers None for
anything else — a date to a loader that reads dates, a double-quoted or multi-line value, a comment, a nested
mapping, `yes`/`on`, a float, a duplicate key, a character YAML forbids — which the caller then gives to PyYAML,
errors and all. tests/test_written_yaml.py compares both on real, synthetic and
generated front matter.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?")
_INT = re.compile(r"0|-?[1-9][0-9]*")
# What cannot start a plain scalar, and what YAML does not allow or reads as a line break (PyYAML's reader).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FORBIDDEN = r"[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]"
_NOT_QUOTABLE = re.compile(_FORBIDDEN)
_NOT_PLAIN = re.compile(_FORBIDDEN + r"|: | #|:$|^ | $")
_STR = "tag:yaml.org,2002:str"


class _Declined(Exception):
    """Not the writer's YAML: PyYAML reads it."""


class WrittenYaml:
    """A reader resolving scalars as `loader` (a PyYAML loader class) does."""

    def __init__(self, loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]) -> None:
        self._loader = loader
        self._resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = loader.yaml_implicit_resolvers

    def load(self, text: str) -> Any:
        """What the loader reads in `text`: read here when it is the writer's YAML, else by PyYAML (which raises
        its own errors)."""
        found = self.read(text)
        return found if found is not None else yaml.load(text, Loader=self._loader)  # noqa: S506 - a safe loader

    def read(self, text: str) -> dict[str, Any] | None:
        """The mapping, or None for YAML this does not read."""
        try:
            return self._read(text)
        except _Declined:
            return None

    def _read(self, text: str) -> dict[str, Any]:
        if "\r" in text or not text.endswith("\n"):
            raise _Declined
        lines = text[:-1].split("\n")
        mapping: dict[str, Any] = {}
        index = 0
        while index < len(lines):
            match = _KEY.fullmatch(lines[index])
            index += 1
            if match is None or match.group(1) in mapping or self._tag(match.group(1)) != _STR:
                raise _Declined
            key, value = match.group(1, 2)
            if value is not None:
                mapping[key] = self._scalar(value)
                continue
            items = []
            while index < len(lines) and lines[index].startswith("- "):
                items.append(self._scalar(lines[index][2:]))
                index += 1
            if not items:
                raise _Declined  # `key:` alone is null; before a nested mapping, not ours
            mapping[key] = items
        return mapping

    def _scalar(self, value: str) -> Any:
        if value == "[]":
            return []
        if value.startswith("'"):
            inner = value[1:-1]
            if (
                len(value) < 2
                or not value.endswith("'")
                or "'" in inner.replace("''", "")
                or _NOT_QUOTABLE.search(inner)
            ):
                raise _Declined
            return inner.replace("''", "'")
        if not value or value[0] in _INDICATORS or _NOT_PLAIN.search(value):
            raise _Declined
        tag = self._tag(value)
        if tag == _STR:
            return value
        if tag == "tag:yaml.org,2002:int" and _INT.fullmatch(value):
            return int(value)
        if tag == "tag:yaml.org,2002:null" and value == "null":
            return None
        if tag == "tag:yaml.org,2002:bool" and value in ("true", "false"):
            return value == "true"
        raise _Declined

    def _tag(self, value: str) -> str:
        """The tag PyYAML's resolver gives a plain scalar (yaml.resolver.BaseResolver.resolve)."""
        for tag, regexp in [*self._resolvers.get(value[0], []), *self._resolvers.get(None, [])]:
            if regexp.match(value):
                return tag
        return _STR
