"""Bad input raises the IkenError subclass that says what is wrong, and where."""

from __future__ import annotations

import errno
import json
import pickle

import pytest

import iken

TEXTS = ["窓口を増やしてほしい。", "公園を直してほしい。", "図書館の開館時間を延ばしてほしい。"]


@pytest.mark.parametrize("call", [iken.analyze, iken.dedup, iken.cluster])
def test_an_empty_list(call):
    with pytest.raises(iken.TooLittleInputError, match="no texts") as caught:
        call([])
    assert isinstance(caught.value, ValueError)
    assert caught.value.kind == "too_little_input"


@pytest.mark.parametrize("call", [iken.analyze, iken.dedup, iken.cluster, iken.tokenize])
def test_items_that_are_not_str(call):
    with pytest.raises(TypeError, match=r"texts\[1\] is int") as caught:
        call(["窓口を増やしてほしい。", 3, "公園を直して。"])
    assert isinstance(caught.value, iken.InputTypeError)
    assert caught.value.index == 1
    with pytest.raises(iken.InputTypeError, match="NoneType"):
        call([None])


@pytest.mark.parametrize("call", [iken.dedup, iken.cluster, iken.tokenize])
def test_one_str_instead_of_a_list(call):
    with pytest.raises(iken.InputTypeError, match="single str"):
        call("窓口を増やしてほしい。")


def test_texts_may_be_any_iterable_of_str():
    assert iken.tokenize(t for t in TEXTS) == iken.tokenize(TEXTS)
    assert iken.dedup(tuple(TEXTS))["texts"] == 3


def test_a_missing_file(tmp_path):
    missing = tmp_path / "nowhere.csv"
    for call in (iken.analyze, iken.parse):
        with pytest.raises(FileNotFoundError) as caught:
            call(missing)
        e = caught.value
        assert isinstance(e, iken.InputNotFoundError) and isinstance(e, iken.ReadError)
        assert e.file == str(missing) == e.filename
        assert e.errno == errno.ENOENT
        assert "nowhere.csv" in str(e)


def test_a_missing_config_file(osaka, tmp_path):
    with pytest.raises(iken.InputNotFoundError):
        iken.analyze(osaka, config=tmp_path / "config.json")


@pytest.mark.parametrize(
    "options, name",
    [
        ({"clusters": {"k": 3}}, "clusters"),
        ({"cluster": {"kk": 3}}, "cluster.kk"),
        ({"dedup": {"treshold": 0.9}}, "dedup.treshold"),
        ({"read": {"fromat": "csv"}}, "read.fromat"),
    ],
)
def test_an_unknown_option_is_named(options, name):
    with pytest.raises(iken.ParameterError) as caught:
        iken.analyze(TEXTS, **options)
    e = caught.value
    assert isinstance(e, ValueError)
    assert e.kind == "config" and e.name == name
    assert f"`{name.split('.')[-1]}`" in str(e)


def test_unknown_options_of_the_stages():
    with pytest.raises(iken.ParameterError, match="shingel"):
        iken.dedup(TEXTS, shingel=4)
    with pytest.raises(iken.ParameterError, match="min_similarty"):
        iken.cluster(TEXTS, min_similarty=0.3)
    with pytest.raises(iken.ParameterError, match="stopwords"):
        iken.tokenize(TEXTS, stopwords=["する"])


def test_an_unknown_option_in_a_config(osaka, tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"cluster": {"k": 3, "kk": 1}}), encoding="utf-8")
    with pytest.raises(iken.ParameterError, match="kk") as caught:
        iken.analyze(osaka, config=config)
    assert caught.value.file == str(config)
    with pytest.raises(iken.ParameterError, match="kk"):
        iken.analyze(osaka, config={"cluster": {"kk": 1}})


def test_values_that_cannot_work():
    with pytest.raises(iken.ParameterError, match="k") as caught:
        iken.cluster(TEXTS, k=0)
    assert caught.value.kind == "invalid_parameter" and caught.value.name == "k"
    with pytest.raises(iken.ParameterError) as caught:
        iken.dedup(TEXTS, threshold=1.5)
    assert caught.value.name == "threshold"
    with pytest.raises(iken.ParameterError, match="seed"):
        iken.analyze(TEXTS, seed="zero")
    with pytest.raises(iken.ParameterError, match="JSON|configuration"):
        iken.analyze(TEXTS, dimensions=float("nan"))
    with pytest.raises(iken.InputTypeError):
        iken.analyze(TEXTS, config=42)


def test_a_parse_error_says_the_line(tmp_path):
    path = tmp_path / "comments.jsonl"
    path.write_text('{"text": "窓口を増やしてほしい。"}\n{"text": 窓口\n', encoding="utf-8")
    with pytest.raises(iken.ReadError) as caught:
        iken.analyze(path)
    e = caught.value
    assert e.kind == "parse" and e.file == str(path) and e.line == 2
    assert "line 2" in str(e)


def test_a_missing_column_says_which_there_are(tmp_path):
    path = tmp_path / "comments.csv"
    path.write_text("番号,ご意見\n1,窓口を増やしてほしい。\n", encoding="utf-8")
    with pytest.raises(iken.ReadError) as caught:
        iken.analyze(path, read={"columns": {"opinion": "意見内容"}})
    e = caught.value
    assert e.kind == "missing_column" and e.column == "意見内容"
    assert e.available == ["番号", "ご意見"]


def test_an_encoding_that_does_not_decode(tmp_path):
    path = tmp_path / "comments.csv"
    path.write_bytes("番号,ご意見\n1,窓口を増やしてほしい。\n".encode("cp932"))
    assert iken.parse(path)["encoding"] in ("Shift_JIS", "shift_jis", "windows-31j", "cp932")
    with pytest.raises(iken.ReadError) as caught:
        iken.parse(path, read={"encoding": "utf-8"})
    assert caught.value.kind == "encoding" and caught.value.file == str(path)


def test_an_empty_file_and_a_binary_one(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(iken.ReadError) as caught:
        iken.analyze(empty)
    assert caught.value.kind == "empty_input"
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(iken.ReadError) as caught:
        iken.analyze(binary)
    assert caught.value.kind == "not_text"


def test_a_user_dictionary_that_cannot_be_used(tmp_path):
    user_dict = tmp_path / "terms.csv"
    user_dict.write_text("大阪市,固有名詞,オオサカシ\n", encoding="utf-8")
    with pytest.raises(iken.DictionaryError, match="row 1") as caught:
        iken.tokenize(TEXTS, user_dict=user_dict)
    assert caught.value.kind == "user_dictionary_invalid"
    assert caught.value.file == str(user_dict)
    with pytest.raises(iken.InputNotFoundError):
        iken.analyze(TEXTS, user_dictionary=str(tmp_path / "missing.csv"))


def test_a_report_that_cannot_be_written(tmp_path):
    report = iken.analyze(TEXTS)
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(OSError) as caught:
        report.write(blocker)
    assert isinstance(caught.value, iken.WriteError)
    assert caught.value.file == str(blocker)


def test_errors_pickle_with_their_attributes(tmp_path):
    with pytest.raises(iken.InputNotFoundError) as caught:
        iken.analyze(tmp_path / "missing.txt")
    again = pickle.loads(pickle.dumps(caught.value))
    assert type(again) is iken.InputNotFoundError
    assert (str(again), again.file, again.kind) == (
        str(caught.value),
        caught.value.file,
        "io",
    )
