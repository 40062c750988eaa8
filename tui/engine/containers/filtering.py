"""The containers filter: what the user types after ``/``, parsed once, matched per row.

Grammar (case-insensitive, terms separated by spaces, every term must match):
  ``web``          substring of the name, image, short id, state, compose project or service
  ``key=value``    a label ``key`` whose value contains ``value`` (``key=`` : the label is set)
  ``!term``        negation of any of the above
Quotes group words: ``"my app"`` or ``'com.example.tier=front end'``. A quote still open (the
user is typing) counts as closed at the end: parsing never fails, whatever is typed.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from tui.engine.core.model import Container


@dataclass(frozen=True)
class Term:
    text: str  # lower-cased substring, or the label value when ``label`` is set
    label: str | None = None  # lower-cased label key
    negate: bool = False

    def matches(self, container: Container) -> bool:
        return self._hit(container) != self.negate

    def _hit(self, container: Container) -> bool:
        if self.label is not None:
            for key, value in container.labels.items():
                if key.lower() == self.label and self.text in value.lower():
                    return True
            return False
        return any(self.text in field.lower() for field in searchable_fields(container))


def searchable_fields(container: Container) -> tuple[str, ...]:
    return (
        container.name,
        container.image,
        container.short_id,
        container.state,
        container.compose_project,
        container.compose_service,
    )


@dataclass(frozen=True)
class Filter:
    terms: tuple[Term, ...] = ()
    source: str = ""

    @property
    def empty(self) -> bool:
        return not self.terms

    def matches(self, container: Container) -> bool:
        return all(term.matches(container) for term in self.terms)


def _split(text: str) -> list[str]:
    for closing in ("", '"', "'"):
        try:
            return shlex.split(text + closing)
        except ValueError:  # an open quote (or a trailing backslash)
            continue
    return text.split()


def parse_term(word: str) -> Term | None:
    negate = word.startswith("!")
    if negate:
        word = word[1:]
    if not word:
        return None
    key, sep, value = word.partition("=")
    if sep and key:
        return Term(text=value.lower(), label=key.lower(), negate=negate)
    return Term(text=word.lower(), negate=negate)


def parse_filter(text: str) -> Filter:
    """Parse what the user typed; never raises."""
    terms = tuple(t for t in (parse_term(w) for w in _split(text)) if t is not None)
    return Filter(terms=terms, source=text)
