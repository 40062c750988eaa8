from hypothesis import given
from hypothesis import strategies as st

from tui.engine.containers.filtering import parse_filter
from tui.engine.core.model import Container


def make(name="web-1", image="nginx:1.25", state="running", labels=None) -> Container:
    return Container(
        id="0123456789abcdef" * 4,
        name=name,
        image=image,
        state=state,
        status="Up 3 minutes",
        labels=labels or {},
    )


def test_substring_is_case_insensitive_over_name_image_state():
    assert parse_filter("WEB").matches(make())
    assert parse_filter("nginx").matches(make())
    assert parse_filter("runn").matches(make())
    assert parse_filter("0123456789ab").matches(make())
    assert not parse_filter("db").matches(make())


def test_label_filter_key_equals_value():
    c = make(labels={"Tier": "Front-End", "com.docker.compose.project": "shop"})
    assert parse_filter("tier=front").matches(c)
    assert parse_filter("TIER=FRONT-END").matches(c)
    assert not parse_filter("tier=back").matches(c)
    assert parse_filter("tier=").matches(c)
    assert not parse_filter("missing=").matches(c)
    assert parse_filter("shop").matches(c)  # compose project is searched too


def test_terms_are_anded_and_negation():
    c = make(labels={"tier": "front"})
    assert parse_filter("web tier=front").matches(c)
    assert not parse_filter("web tier=back").matches(c)
    assert parse_filter("!db").matches(c)
    assert not parse_filter("!web").matches(c)
    assert not parse_filter("!tier=front").matches(c)


def test_quotes_group_words_and_unbalanced_quotes_are_literal():
    c = make(name="my app", labels={"note": "hello world"})
    assert parse_filter('"my app"').matches(c)
    assert parse_filter("'note=hello world'").matches(c)
    assert parse_filter('"my').matches(c)  # unbalanced: taken as typed


def test_empty_filter_matches_everything():
    f = parse_filter("   ")
    assert f.empty
    assert f.matches(make())


@given(st.text())
def test_parse_never_raises(text):
    f = parse_filter(text)
    f.matches(make(labels={"a": "b"}))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1))
def test_a_name_always_matches_itself(name):
    words = name.split()
    if not words:
        return
    word = words[0]
    if word.startswith("!") or "=" in word or any(q in word for q in "\"'\\"):
        return
    assert parse_filter(word).matches(make(name=name))
    assert (
        parse_filter(word.upper()).matches(make(name=name)) or word.upper().lower() != word.lower()
    )
