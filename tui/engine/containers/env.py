"""Environment variables: which ones look like secrets, and how they are hidden."""

from __future__ import annotations

#: A name containing one of these (any case) holds a secret until the user reveals it.
SECRET_WORDS = ("PASSWORD", "PASSWD", "TOKEN", "SECRET", "KEY", "CREDENTIAL")
#: What a hidden value shows: fixed length, so the length of the secret is not shown either.
MASK = "\u2022" * 8


def is_secret(name: str) -> bool:
    upper = name.upper()
    return any(word in upper for word in SECRET_WORDS)


def shown_value(name: str, value: str, revealed: bool) -> str:
    return value if revealed or not is_secret(name) or not value else MASK


def mask_entry(entry: str) -> str:
    """``DB_PASSWORD=x`` -> ``DB_PASSWORD=<mask>``; other entries unchanged."""
    name, sep, value = entry.partition("=")
    return f"{name}{sep}{shown_value(name, value, False)}" if sep else entry


def mask_inspect(info: dict) -> dict:
    """A copy of an inspect document with the secret-looking values of Config.Env masked."""
    config = info.get("Config")
    if not isinstance(config, dict) or not isinstance(config.get("Env"), list):
        return info
    masked_config = {**config, "Env": [mask_entry(str(e)) for e in config["Env"]]}
    return {**info, "Config": masked_config}
