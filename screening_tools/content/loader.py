"""Load instrument files (YAML or JSON) and turn every problem into a sentence a person can act on.

An organisation adds its own instrument by writing a data file, so the person reading an error is
usually not a programmer. Each problem names the place inside the file (``groups[2].items[0].id``),
what was expected and what was found, plus the line when we can find it. We report every problem
at once, so fixing a file is one round trip, not one per typo.
"""

from __future__ import annotations

import difflib
import functools
import json
import types
import typing
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from screening_tools import paths
from screening_tools.content.models import Instrument
from screening_tools.errors import InvalidInstrument, NotFound

SUFFIXES = (".yaml", ".yml", ".json")
Loc = tuple[int | str, ...]

# Regular expressions mean nothing to most authors; say what the value should look like instead.
_PATTERN_HELP = {
    r"^[a-z][a-z0-9_.-]{1,79}$": "an id of 2-80 lower-case letters, digits, '.', '-' or '_', "
    "starting with a letter, like adult.physical.injuries",
    r"^\d+\.\d+(\.\d+)?$": "a version like 1.0 or 1.2.3 (in quotes in YAML)",
    r"^L\d+(-L?\d+)?$": "a line range like L612 or L612-L618",
    r"^[a-z]{2,3}(_[A-Za-z]+)?$": "a language code like en, ar or pt_BR",
}


class _Problem(typing.NamedTuple):
    loc: Loc
    text: str
    # True when loc ends in a key name that is itself the problem (unexpected or repeated):
    # the message is about the mapping holding it, and the line is the key's own line.
    key_node: bool = False


def load_instrument_file(path: Path) -> Instrument:
    """Read and validate one instrument file; raise ``InvalidInstrument`` listing every problem."""
    path = Path(path)
    text = _read_text(path)
    data, tree, problems = _parse(path, text)
    if data is None and not problems:
        raise InvalidInstrument(str(path), ["(top level): the file is empty"])
    found = problems + _duplicate_ids(data)
    instrument: Instrument | None = None
    try:
        instrument = Instrument.model_validate(data)
    except ValidationError as err:
        for detail in err.errors():
            # The model's own duplicate-id check only runs when everything else is valid and
            # cannot say where the duplicate is; _duplicate_ids already reported it with a place.
            if detail["type"] == "value_error" and detail["loc"] == () and found:
                continue
            found.append(_explain(detail))
    if found or instrument is None:
        ordered = sorted(found, key=lambda p: _line_of(tree, p) or (1 << 30, 0))
        raise InvalidInstrument(str(path), [_render(tree, p) for p in ordered])
    return instrument


def validate_file(path: Path) -> list[str]:
    """Every problem in the file; an empty list means it is a valid instrument."""
    try:
        load_instrument_file(path)
    except InvalidInstrument as err:
        return list(err.problems)
    return []


def instrument_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


@functools.lru_cache(maxsize=1)
def _bundled_catalogue() -> tuple[Instrument, ...]:
    # Cached as a tuple so no caller can change what the next caller sees.
    by_id: dict[str, tuple[Instrument, Path]] = {}
    for file in instrument_files(paths.instruments_dir()):
        instrument = load_instrument_file(file)
        if instrument.id in by_id:
            other = by_id[instrument.id][1].name
            raise InvalidInstrument(
                str(file), [f"id: instrument id {instrument.id!r} is also used by {other}"]
            )
        by_id[instrument.id] = (instrument, file)
    return tuple(by_id[key][0] for key in sorted(by_id))


def bundled_instruments() -> list[Instrument]:
    """The instruments shipped with the app, sorted by id. A broken file raises at once."""
    return list(_bundled_catalogue())


def get_instrument(instrument_id: str) -> Instrument:
    for instrument in _bundled_catalogue():
        if instrument.id == instrument_id:
            return instrument
    raise NotFound("instrument", instrument_id)


# --- reading and parsing ------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    if path.suffix.lower() not in SUFFIXES:
        expected = ", ".join(SUFFIXES)
        raise InvalidInstrument(
            str(path), [f"file type: expected {expected}, got {path.suffix or 'no extension'!r}"]
        )
    try:
        # utf-8-sig: editors on Windows like to add a byte-order mark.
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InvalidInstrument(
            str(path), [f"byte {err.start}: expected UTF-8 text; save the file as UTF-8"]
        ) from None
    except OSError as err:
        raise InvalidInstrument(str(path), [f"file: cannot be read ({err.strerror})"]) from None


def _parse(path: Path, text: str) -> tuple[object, yaml.Node | None, list[_Problem]]:
    """Return the data, a YAML node tree (for line numbers, if we have one) and key problems."""
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            where = f"line {err.lineno}, column {err.colno}"
            raise InvalidInstrument(str(path), [f"{where}: not valid JSON: {err.msg}"]) from None
        # JSON is (nearly) YAML, so the YAML composer can usually tell us where things are.
        try:
            tree = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            tree = None
        return data, tree, list(_duplicate_keys(tree, ()))
    loader = yaml.SafeLoader(text)
    try:
        tree = loader.get_single_node()
        data = loader.construct_document(tree) if tree is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        reason = " ".join(part for part in (err.context, err.problem) if part)
        raise InvalidInstrument(str(path), [f"{where}: not valid YAML: {reason}"]) from None
    except yaml.YAMLError as err:
        raise InvalidInstrument(str(path), [f"file: not valid YAML: {err}"]) from None
    finally:
        loader.dispose()
    return data, tree, list(_duplicate_keys(tree, ()))


def _duplicate_keys(node: yaml.Node | None, loc: Loc) -> Iterator[_Problem]:
    # YAML and JSON parsers silently keep the last of two equal keys; for hand-written content
    # that hides a mistake, so we report it.
    if isinstance(node, yaml.MappingNode):
        seen: set[object] = set()
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name in seen:
                yield _Problem((*loc, str(name)), f"key {name!r} appears twice", key_node=True)
            seen.add(name)
            yield from _duplicate_keys(value, (*loc, str(name)))
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            yield from _duplicate_keys(child, (*loc, index))


def _duplicate_ids(data: object) -> list[_Problem]:
    """Duplicate group and item ids, each reported where the second use is."""
    problems: list[_Problem] = []
    first_use: dict[tuple[str, str], str] = {}

    def note(kind: str, ident: object, loc: Loc) -> None:
        if not isinstance(ident, str):
            return  # a missing or mistyped id is reported by the model
        if (kind, ident) in first_use:
            used = first_use[kind, ident]
            problems.append(
                _Problem((*loc, "id"), f"{kind} id {ident!r} is already used by {used}")
            )
        else:
            first_use[kind, ident] = _path(loc)

    groups = data.get("groups") if isinstance(data, dict) else None
    for g, group in enumerate(groups if isinstance(groups, list) else []):
        if isinstance(group, dict):
            note("group", group.get("id"), ("groups", g))
            items = group.get("items")
            for i, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict):
                    note("item", item.get("id"), ("groups", g, "items", i))
    return problems


# --- explaining problems ------------------------------------------------------------------------


def _explain(detail: ErrorDetails) -> _Problem:
    kind, loc, got = detail["type"], tuple(detail["loc"]), detail["input"]
    ctx = detail.get("ctx", {})
    if kind == "missing":
        return _Problem(loc[:-1], f"missing required key {loc[-1]!r}")
    if kind == "extra_forbidden":
        return _Problem(loc, _unexpected_key(loc), key_node=True)
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        wanted = _PATTERN_HELP.get(pattern, f"text matching {pattern}")
        return _Problem(loc, f"expected {wanted}, got {_describe(got)}")
    if kind == "string_type":
        hint = " (put it in quotes)" if isinstance(got, int | float | bool) else ""
        return _Problem(loc, f"expected text, got {_describe(got)}{hint}")
    if kind == "string_too_short":
        return _Problem(loc, "expected some text, got an empty value")
    if kind == "too_short":
        wanted = ctx.get("min_length", 1)
        entries = "one entry" if wanted == 1 else f"{wanted} entries"
        return _Problem(loc, f"expected at least {entries}, got {ctx.get('actual_length', 0)}")
    if kind == "list_type":
        return _Problem(loc, f"expected a list (entries starting with '-'), got {_describe(got)}")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _Problem(loc, f"expected a mapping of keys to values, got {_describe(got)}")
    if kind == "enum":
        return _Problem(loc, f"expected one of {ctx.get('expected')}, got {_describe(got)}")
    if kind == "value_error":
        return _Problem(loc, str(ctx.get("error", detail["msg"])))
    return _Problem(loc, f"{detail['msg'][:1].lower()}{detail['msg'][1:]}, got {_describe(got)}")


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    return f"{type(value).__name__} {value}"  # e.g. a YAML date such as 2024-01-01


def _unexpected_key(loc: Loc) -> str:
    key = str(loc[-1])
    model = _model_at(loc[:-1])
    if model is None:
        return f"unexpected key {key!r}"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.7)
    if close:
        return f"unexpected key {key!r} (did you mean {close[0]!r}?)"
    return f"unexpected key {key!r} (allowed keys: {', '.join(allowed)})"


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc`` inside an instrument."""
    model: type[BaseModel] = Instrument
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        inner = _inner_model(field.annotation) if field else None
        if inner is None:
            return None
        model = inner
    return model


def _inner_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and not isinstance(annotation, types.GenericAlias):
        return annotation if issubclass(annotation, BaseModel) else None
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _node_at(tree: yaml.Node | None, loc: Sequence[int | str], key: bool) -> yaml.Node | None:
    """The deepest YAML node along ``loc`` (the parent mapping when a key is missing)."""
    node = tree
    for depth, part in enumerate(loc):
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key_node, value_node in reversed(node.value):  # the last of duplicates wins
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                    last = depth == len(loc) - 1
                    child = key_node if key and last else value_node
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if 0 <= part < len(node.value) else None
        if child is None:
            break
        node = child
    return node


def _line_of(tree: yaml.Node | None, problem: _Problem) -> tuple[int, int] | None:
    node = _node_at(tree, problem.loc, problem.key_node)
    if node is None:
        return None
    return node.start_mark.line + 1, node.start_mark.column + 1


def _render(tree: yaml.Node | None, problem: _Problem) -> str:
    # A key problem (unexpected or repeated key) is about the mapping that holds the key.
    location = _path(problem.loc[:-1] if problem.key_node else problem.loc) or "(top level)"
    line = _line_of(tree, problem)
    suffix = f" (line {line[0]}, column {line[1]})" if line else ""
    return f"{location}: {problem.text}{suffix}"


def _path(loc: Loc) -> str:
    """``("groups", 2, "items", 0)`` -> ``groups[2].items[0]``, the way authors read a file."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
