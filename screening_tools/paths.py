"""Where things live: bundled resources, translations, and the default vault folder."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "FrontlineScreening"
VAULT_ENV = "FRONTLINE_VAULT"


def _package_dir(sub: str) -> Path | None:
    # In an installed wheel, resources/ and translations/ are carried inside the package.
    base = resources.files("screening_tools")
    candidate = Path(str(base)) / sub
    return candidate if candidate.is_dir() else None


def _checkout_dir(name: str) -> Path:
    return Path(__file__).resolve().parent.parent / name


def resources_dir() -> Path:
    return _package_dir("_resources") or _checkout_dir("resources")


def translations_dir() -> Path:
    return _package_dir("_translations") or _checkout_dir("translations")


def instruments_dir() -> Path:
    return resources_dir() / "instruments"


def schemas_dir() -> Path:
    return resources_dir() / "schemas"


def default_vault_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--vault DIR`` wins, then ``$FRONTLINE_VAULT``, then the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(VAULT_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "vault"
