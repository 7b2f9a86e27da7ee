"""The data models in models/ load and are consistent."""

from __future__ import annotations

from extractor.patterns import kind_table, law_names
from extractor.resources import load_model, models_dir
from extractor.schema import Reference


def test_models_dir_holds_yaml_tables() -> None:
    names = {path.stem for path in models_dir().glob("*.yaml")}
    assert {"references", "laws"} <= names


def test_reference_kinds_are_contract_kinds() -> None:
    contract = set(Reference.model_fields["kind"].annotation.__args__)  # type: ignore[union-attr]
    for entry in load_model("references")["kinds"]:
        assert entry["kind"] in contract
        assert entry["words"], entry
    table = kind_table()
    assert table.kind_of_word("thông  tư") == "thong_tu"
    assert table.kind_of_code("TT-BGDĐT") == "thong_tu"
    assert table.kind_of_code("NQ/TW") == "nghi_quyet"
    assert table.kind_of_code("QH14") == "luat"
    assert table.kind_of_code("UBND-VX") is None


def test_type_codes_are_unique() -> None:
    codes = [code for entry in load_model("references")["kinds"] for code in entry["codes"]]
    assert len(codes) == len(set(codes))


def test_law_gazetteer_names_start_with_their_kind_word() -> None:
    words = {"luat": "Luật ", "bo_luat": "Bộ luật ", "phap_lenh": "Pháp lệnh "}
    for kind, names in law_names().items():
        assert names
        assert all(name.startswith(words[kind]) for name in names), kind
        assert len(set(names)) == len(names)
