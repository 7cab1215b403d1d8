"""The run's configuration: one immutable object, loaded from ``defaults.toml`` plus a user file.

The defaults, with a comment on each option saying what it does and why it is the default, live in
``pipeline/defaults.toml`` (data, not code). A user's TOML file (``--config FILE``) overrides any of
those keys; an unknown key or a value of the wrong type is a :class:`~pipeline.errors.ConfigError`
naming the key.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from .errors import ConfigError

NORMAL_FORMS = ("NFC", "NFD", "NFKC", "NFKD", "")
HTML_MODES = ("auto", "always", "never")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class InputConfig:
    """How inputs are read (see ``[input]`` in defaults.toml)."""

    max_bytes: int
    preferred_encodings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StagesConfig:
    """Which stages run (see ``[stages]``)."""

    skip: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UnicodeConfig:
    """Options of the ``unicode`` stage, passed on to ftfy (see ``[unicode]``)."""

    unescape_html: str
    fix_latin_ligatures: bool
    fix_character_width: bool
    remove_control_chars: bool
    normalization: str

    def __post_init__(self) -> None:
        if self.unescape_html not in HTML_MODES:
            raise ConfigError(f"unicode.unescape_html must be one of {', '.join(HTML_MODES)}")
        if self.normalization not in NORMAL_FORMS:
            raise ConfigError("unicode.normalization must be NFC, NFD, NFKC, NFKD or empty")


@dataclass(frozen=True, slots=True)
class WhitespaceConfig:
    """Options of the ``whitespace`` stage (see ``[whitespace]``)."""

    delete: tuple[str, ...]
    to_space: tuple[str, ...]
    strip_trailing: bool


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a run can be told; build it with :meth:`load`, never by hand."""

    input: InputConfig
    stages: StagesConfig
    unicode: UnicodeConfig
    whitespace: WhitespaceConfig

    @classmethod
    def load(cls, path: str | Path | None = None) -> Config:
        """The defaults, overridden by the TOML file at ``path`` when given."""
        defaults = tomllib.loads(resources.files(__package__).joinpath("defaults.toml").read_text())
        if path is None:
            return _build(cls, defaults, {}, "")
        try:
            user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            raise ConfigError(f"{path}: cannot read config: {error.strerror}") from error
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: not valid TOML: {error}") from error
        try:
            return _build(cls, defaults, user, "")
        except ConfigError as error:
            raise ConfigError(f"{path}: {error}") from error

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, as saved in the manifest."""
        return {
            f.name: {
                k: list(v) if isinstance(v, tuple) else v for k, v in _fields(getattr(self, f.name))
            }
            for f in dataclasses.fields(self)
        }


def _fields(obj: Any) -> list[tuple[str, Any]]:
    return [(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj)]


def _build(cls: type[T], defaults: dict[str, Any], user: dict[str, Any], where: str) -> T:
    """Dataclass ``cls`` from ``defaults`` overridden by ``user``, keys and types checked."""
    names = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    for key in user:
        if key not in names:
            raise ConfigError(f"unknown config key {where + key!r}")
    values: dict[str, Any] = {}
    for name, field in names.items():
        default, value = defaults[name], user.get(name, defaults[name])
        key = f"{where}{name}"
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"config key {key!r} must be a table")
            sub = field.type if not isinstance(field.type, str) else globals()[field.type]
            values[name] = _build(sub, default, value if value is not default else {}, key + ".")
        elif isinstance(default, list):
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise ConfigError(f"config key {key!r} must be a list of strings")
            values[name] = tuple(value)
        elif type(value) is not type(default):
            raise ConfigError(f"config key {key!r} must be a {type(default).__name__}")
        else:
            values[name] = value
    return cls(**values)
