"""Reading a brief's file and front matter: decoding, the YAML block, every key and every error.

Errors are checked as users see them, `PATH:LINE: message (hint: ...)`, with the working
directory set to the brief's folder so PATH is just the file name.
"""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefkit.errors import ContentError
from briefkit.read import parse_document, read_document
from briefkit.read.text import strip_forbidden

BODY = "\nSome text.\n"


@pytest.fixture
def read(tmp_path, monkeypatch):
    """read(text or bytes) -> (Document, Warnings) of a file brief.md written in tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)

    def read(content: str | bytes):
        path = tmp_path / "brief.md"
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return read_document(path)

    return read


@pytest.fixture
def error(read):
    """error(text or bytes) -> the formatted ContentError the brief raises."""

    def error(content: str | bytes) -> str:
        with pytest.raises(ContentError) as caught:
            read(content)
        return str(caught.value)

    return error


def front(*lines: str, body: str = BODY) -> str:
    """A brief made of front matter lines (starting on file line 2) and a body."""
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body


# ---------------------------------------------------------------- keys and values


def test_it_reads_every_front_matter_key(read):
    document, warnings = read(
        front(
            'title: "Arms for Influence: The Partnership"',
            "subtitle: How a supply line hardens",
            "author: Strategic Analysis Desk",
            "date: 2026-11-24",
            "classification: UNCLASSIFIED",
            "theme: default",
        )
    )
    meta = document.meta
    assert meta.title == "Arms for Influence: The Partnership"
    assert meta.subtitle == "How a supply line hardens"
    assert meta.authors == ("Strategic Analysis Desk",)
    assert meta.date == datetime.date(2026, 11, 24)
    assert meta.classification == "UNCLASSIFIED"
    assert (meta.theme, meta.line_of("theme")) == ("default", 7)
    assert meta.short_title == "Arms for Influence"
    assert warnings == []


def test_optional_keys_default_to_nothing(read):
    meta = read(front("title: Only a title", "date: 2026-01-02"))[0].meta
    assert (meta.subtitle, meta.authors, meta.classification, meta.theme) == (None, (), None, None)
    assert meta.line_of("theme") == 0


def test_author_may_be_a_list_and_empty_names_are_dropped(read):
    meta = read(front("title: T", "author:", "  - A. Analyst", "  -", "  - '  B.   Analyst '"))[0].meta
    assert meta.authors == ("A. Analyst", "B. Analyst")
    assert read(front("title: T", "author: [C. One, D. Two]"))[0].meta.authors == ("C. One", "D. Two")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("NO", "NO"),
        ("yes", "yes"),
        ("off", "off"),
        ("12:30", "12:30"),
        ("3.10", "3.10"),
        ("1e3", "1e3"),
        ("0x1F", "0x1F"),
        ("0o17", "0o17"),
        ("2026-01-02", "2026-01-02"),
        (".inf", ".inf"),
        ("'quoted ''single'''", "quoted 'single'"),
        ('"tab\\there"', "tab here"),
        ("<b>R&D</b> *not bold* [x](y) &amp;", "<b>R&D</b> *not bold* [x](y) &amp;"),
        ("Ünïcødé — 北朝鮮 🚀", "Ünïcødé — 北朝鮮 🚀"),
    ],
)
def test_values_are_the_text_the_author_wrote(read, written, expected):
    meta = read(front(f"title: {written}", f"classification: {written}", f"subtitle: {written}"))[0].meta
    assert (meta.title, meta.classification, meta.subtitle) == (expected, expected, expected)


def test_multi_line_values_become_one_line(read):
    meta = read(front("title: >", "  A folded", "    title", "subtitle: |", "  two", "  lines"))[0].meta
    assert (meta.title, meta.subtitle) == ("A folded title", "two lines")


def test_an_explicit_str_tag_is_allowed(read):
    assert read(front("title: !!str 12:30"))[0].meta.title == "12:30"


def test_null_optional_values_count_as_absent(read):
    meta = read(front("title: T", "subtitle: ~", "author: null", "classification:", "theme: ''"))[0].meta
    assert (meta.subtitle, meta.authors, meta.classification, meta.theme) == (None, (), None, None)


def test_delimiters_may_carry_trailing_spaces(read):
    document, _ = read("---  \ntitle: T\n--- \t\nBody.\n")
    assert document.meta.title == "T"
    assert document.preamble[0].line == 4


# ---------------------------------------------------------------- dates


def test_date_is_read_as_a_calendar_date(read):
    assert read(front("title: T", "date: 2024-02-29"))[0].meta.date == datetime.date(2024, 2, 29)


def test_missing_date_is_the_day_of_source_date_epoch(read, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    assert read(front("title: T"))[0].meta.date == datetime.date(2023, 11, 14)


def test_a_written_date_wins_over_source_date_epoch(read, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert read(front("title: T", "date: 2026-11-24"))[0].meta.date == datetime.date(2026, 11, 24)


def test_missing_date_is_today_without_source_date_epoch(read):
    before = datetime.date.today()
    date = read(front("title: T"))[0].meta.date
    assert before <= date <= datetime.date.today()


@pytest.mark.parametrize(
    "written", ["2026-02-30", "2026-13-01", "24.11.2026", "2026-1-5", "2026-11-24T", "July 32, 2006", "soon"]
)
def test_bad_dates_are_errors_on_their_line(error, written):
    assert error(front("title: T", f"date: {written}")) == (
        f"brief.md:3: bad date '{written}' (hint: write the date as YYYY-MM-DD, e.g. 2026-11-24)"
    )


def test_a_date_list_is_an_error(error):
    assert error(front("title: T", "date: [2026]")) == (
        "brief.md:3: 'date' must be text, not a list or mapping (hint: write one value after date:)"
    )


# ---------------------------------------------------------------- front matter errors


def test_missing_title_points_at_the_front_matter(error):
    assert error(front("subtitle: S")) == "brief.md:1: missing title (hint: add a line title: ... to the front matter)"
    assert error("---\n---\nBody\n") == "brief.md:1: missing title (hint: add a line title: ... to the front matter)"


@pytest.mark.parametrize("written", ["title:", "title: ~", 'title: ""', "title: '   '"])
def test_an_empty_title_points_at_its_line(error, written):
    assert error(front("subtitle: S", written)) == "brief.md:3: the title is empty (hint: write the title after title:)"


def test_a_title_list_is_an_error(error):
    assert error(front("title: [a, b]")) == (
        "brief.md:2: 'title' must be text, not a list or mapping (hint: write one value after title:)"
    )
    assert error(front("title: T", "author: {a: b}")) == (
        "brief.md:3: 'author' gives no name (hint: write author: Jane Doe, or name: Jane Doe below author:)"
    )


def test_unknown_key_near_miss_suggests_the_key(error):
    assert error(front("title: T", "date: 2026-01-01", "clasification: SECRET")) == (
        "brief.md:4: unknown front matter key 'clasification' (hint: did you mean 'classification'?)"
    )
    assert error(front("title: T", "autor: [A]")) == (
        "brief.md:3: unknown front matter key 'autor' (hint: did you mean 'author'?)"
    )


def test_every_near_miss_and_bad_value_is_reported_at_once_in_line_order(error):
    assert error(front("titel: T", "date: soon", "clasification: SECRET", "lang: 12")).splitlines() == [
        "brief.md:1: missing title (hint: add a line title: ... to the front matter)",
        "brief.md:2: unknown front matter key 'titel' (hint: did you mean 'title'?)",
        "brief.md:3: bad date 'soon' (hint: write the date as YYYY-MM-DD, e.g. 2026-11-24)",
        "brief.md:4: unknown front matter key 'clasification' (hint: did you mean 'classification'?)",
        "brief.md:5: bad language '12' (hint: write a language tag such as en or en-GB)",
    ]


def test_keys_of_other_tools_are_ignored_with_one_warning(read):
    document, warnings = read(
        front("title: T", "marp: true", "format:", "  html: default", "output: pdf_document", "redirect_from: [/a]")
    )
    assert document.meta.title == "T"
    assert [w.format("warning") for w in warnings] == [
        "brief.md:3: warning: front matter keys briefkit does not use are ignored: marp, format, output, redirect_from"
    ]


def test_metadata_keys_of_other_tools_are_read(read):
    document, warnings = read(
        front("title: T", "description: What it is about", "tags: [a, b]", "lang: en_GB", "authors: [X, Y]")
    )
    meta = document.meta
    assert warnings == []
    assert (meta.subject, meta.keywords, meta.lang, meta.authors) == (
        "What it is about",
        ("a", "b"),
        "en-GB",
        ("X", "Y"),
    )
    assert document.keywords == "a, b"
    assert read(front("title: T", "keywords: one, two,three"))[0].meta.keywords == ("one", "two", "three")


@pytest.mark.parametrize(
    "written",
    [
        "2006-07-17T10:00:00Z",
        "2006-07-17 10:00",
        "2006-07-17T10:00:00.5+02:00",
        "2006-07-17 10:00:00 -0700",
        "July 17, 2006",
        "Jul 17, 2006",
        "17 July 2006",
        "17 Jul 2006",
        "Monday, July 17, 2006",
        "2006/07/17",
        '"July 17, 2006"',
    ],
)
def test_dates_with_a_time_or_written_out_are_read(read, written):
    assert read(front("title: T", f"date: {written}"))[0].meta.date == datetime.date(2006, 7, 17)


def test_front_matter_may_end_with_three_dots(read):
    document, _ = read("---\ntitle: T\n...\n\n# S\n")
    assert document.meta.title == "T" and document.sections[0].line == 5


def test_front_matter_not_closed(error):
    assert error("---\ntitle: T\n\nBody\n") == (
        "brief.md:1: front matter is not closed (hint: end it with a line holding only ---)"
    )


def test_a_brief_without_front_matter_or_a_title_heading(error):
    assert error("## Heading\n\ntext\n") == (
        "brief.md:1: a brief must start with front matter"
        " (hint: begin the file with ---, title: ..., --- or with a # Title heading)"
    )


def test_unquoted_title_with_colon_space_gets_the_quoting_hint(error):
    assert error(front("date: 2026-01-01", "title: War: a brief")) == (
        'brief.md:3: invalid YAML: mapping values are not allowed here (hint: quote a value that contains ": ", '
        'e.g. title: "War: a brief")'
    )


def test_tab_indentation_gets_a_hint(error):
    assert error(front("title: T", "author:", "\t- A")) == (
        "brief.md:4: invalid YAML: found character '\\t' that cannot start any token "
        "(hint: indent with spaces, not tabs)"
    )


def test_an_unclosed_quote_points_where_it_opened(error):
    assert error(front('title: "Open', "author: A", "date: 2026-01-01")) == (
        "brief.md:2: invalid YAML: found unexpected end of stream while scanning a quoted scalar"
    )


def test_duplicate_keys_name_both_lines(error):
    assert error(front("title: T", "", "title: U")) == "brief.md:4: duplicate key 'title' (hint: first given on line 2)"


def test_front_matter_must_be_a_mapping(error):
    assert error(front("- title")) == "brief.md:2: expected 'key: value' lines (hint: write e.g. title: My brief)"
    assert error(front("? [a, b]", ": c")) == "brief.md:2: a key must be plain text"


def test_anchors_and_aliases_are_rejected_on_their_line(error):
    assert error(front("title: &t T", "subtitle: *t")) == (
        "brief.md:2: YAML anchors and aliases are not allowed (hint: write each value out)"
    )
    assert error(front("title: T", "subtitle: *t")) == (
        "brief.md:3: YAML anchors and aliases are not allowed (hint: write each value out)"
    )


def test_an_alias_bomb_is_rejected_at_its_first_anchor(error):
    lines = ["title: T", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    assert error(front(*lines)) == "brief.md:3: YAML anchors and aliases are not allowed (hint: write each value out)"


@pytest.mark.parametrize(
    ("written", "tag"),
    [
        ("title: !!python/object/apply:os.system [echo]", "tag:yaml.org,2002:python/object/apply:os.system"),
        ("title: !!python/name:os.system x", "tag:yaml.org,2002:python/name:os.system"),
        ("title: !!int 3", "tag:yaml.org,2002:int"),
        ("title: !custom x", "!custom"),
    ],
)
def test_tags_are_rejected_on_their_line(error, written, tag):
    assert error(front("date: 2026-01-01", written)) == f"brief.md:3: YAML tag {tag} is not allowed"


def test_deep_nesting_is_rejected_on_its_line(error):
    assert error(front("title: T", "author: [[[[[[[[[[x]]]]]]]]]]")) == "brief.md:3: YAML nested too deeply"


# ---------------------------------------------------------------- bytes, encodings and line ends


def test_an_empty_file_is_an_error(error):
    expected = "brief.md:1: the file is empty (hint: start with front matter: ---, title: ..., ---)"
    assert error(b"") == expected
    assert error(b"  \n\n\t\n") == expected
    assert error(b"\xef\xbb\xbf\n") == expected


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"---\ntitle: caf\xe9\n---\n", 2),
        (b"---\ntitle: T\n---\n\nok\n\xff\xfe\n", 6),
        (b"---\r\ntitle: T\r\n---\r\n\x80\r\n", 4),
        (b"---\rtitle: T\r---\rtext\r\xc3(\r", 5),
        (b"\xef\xbb\xbf---\ntitle: T\n---\n\xed\xa0\x80 surrogate\n", 4),
    ],
)
def test_bytes_that_are_not_utf8_name_the_line_of_the_first_bad_byte(error, data, line):
    assert error(data) == f"brief.md:{line}: this line is not valid UTF-8 text (hint: save the file as UTF-8)"


def test_a_leading_bom_is_ignored(read):
    document, warnings = read(b"\xef\xbb\xbf---\ntitle: With BOM\n---\nText\n")
    assert document.meta.title == "With BOM"
    assert document.preamble[0].line == 4
    assert warnings == []


def test_crlf_files_read_like_lf_files(read):
    text = front("title: T", "author: A", body="\n# One\n\ntext\nmore\n\n- a\n- b\n")
    lf = read(text)[0]
    crlf = read(text.replace("\n", "\r\n"))[0]
    assert crlf.meta == lf.meta
    assert crlf.sections == lf.sections
    assert crlf.sections[0].line == 6


def test_control_characters_are_removed_with_a_warning_on_their_line(read):
    document, warnings = read(front("title: Bell\x07 here", "subtitle: nul\x00 and esc\x1b", body="\nok\x0c\n"))
    assert document.meta.title == "Bell here"
    assert document.meta.subtitle == "nul and esc"
    assert [w.format("warning") for w in warnings] == [
        "brief.md:2: warning: removed control characters U+0007",
        "brief.md:3: warning: removed control characters U+0000, U+001B",
        "brief.md:6: warning: removed control characters U+000C",
    ]


def test_control_characters_from_yaml_escapes_are_removed_with_a_warning(read):
    document, warnings = read(front("title: T", 'subtitle: "a\\x07b\\rc\\Nd"', 'author: ["x\\x1by"]'))
    assert (document.meta.subtitle, document.meta.authors) == ("abcd", ("xy",))
    assert [w.format() for w in warnings] == [
        "brief.md:3: removed control characters U+0007, U+000D, U+0085",
        "brief.md:4: removed control characters U+001B",
    ]


def test_line_separators_do_not_shift_yaml_error_lines(error):
    assert error(front("title: a\u2028b\u2029c", "subtitle: x: y")).startswith("brief.md:3: invalid YAML")


def test_a_missing_file_is_a_content_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        read_document(tmp_path / "nope.md")
    assert str(caught.value) == "nope.md: cannot read: No such file or directory"


# ---------------------------------------------------------------- properties

VALUE_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(list("<>&*_`[]()!#:-?|'\"\\{},%@~ \t\n\x00\x07\x1b\x7f\x85\u2028\ufeff")),
    ),
    max_size=40,
) | st.text(alphabet="abcdefghij", min_size=200, max_size=600)

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _located(exc: ContentError, last_line: int) -> bool:
    return all(1 <= problem.line <= last_line for problem in exc.problems)


@PROPERTY_SETTINGS
@given(value=VALUE_TEXT)
def test_a_quoted_value_round_trips_as_one_line_of_text(tmp_path_factory, value):
    """Any string written as a double-quoted YAML value comes back cleaned, or the title is empty."""
    path = tmp_path_factory.mktemp("fm") / "brief.md"
    data = front("title: " + json.dumps(value, ensure_ascii=False), "subtitle: x").encode("utf-8")
    expected = " ".join(strip_forbidden(value.replace("\u2028", " ").replace("\u2029", " ")).split())
    try:
        document, _ = parse_document(data, path)
    except ContentError as exc:
        assert not expected
        assert exc.problems[0].line == 2
        return
    assert document.meta.title == expected


@PROPERTY_SETTINGS
@given(value=VALUE_TEXT, key=st.sampled_from(["title", "subtitle", "author", "classification", "theme", "date"]))
def test_a_plain_value_is_text_or_a_located_error(tmp_path_factory, value, key):
    """Whatever follows `key: `, the reader returns clean text or a ContentError on a file line."""
    path = tmp_path_factory.mktemp("fm") / "brief.md"
    text = front("title: T" if key != "title" else "date: 2026-01-01", f"{key}: {value}")
    try:
        document, warnings = parse_document(text.encode("utf-8"), path)
    except ContentError as exc:
        assert _located(exc, text.count("\n") + 1)
        return
    meta = document.meta
    for field in (meta.title, meta.subtitle, meta.classification, meta.theme, *meta.authors):
        assert field is None or (field == strip_forbidden(field) and "\n" not in field and field == field.strip())
    assert all(1 <= w.line <= text.count("\n") + 1 for w in warnings)
