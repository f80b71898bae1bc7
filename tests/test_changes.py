"""The labels of the Ändringar page (compute/changes.py): a reader sees names and Swedish words,
never a field's English name or an internal reference."""

import importlib
import inspect
import pkgutil

import pydantic

import followup.model
from followup.compute.changes import KEY_WORDS, facts


def _model_field_names() -> set[str]:
    names = set()
    for module_info in pkgutil.iter_modules(followup.model.__path__):
        module = importlib.import_module(f"followup.model.{module_info.name}")
        for cls in vars(module).values():
            if inspect.isclass(cls) and issubclass(cls, pydantic.BaseModel) and cls.__module__ == module.__name__:
                names |= {info.alias or name for name, info in cls.model_fields.items()}
    return names


def _labels(files: dict[str, str], groups: dict[str, str] | None = None) -> set[str]:
    return {fact.label for fact in facts(files, groups).values()}


def test_every_field_of_the_data_files_has_a_swedish_word_for_the_labels():
    assert sorted(_model_field_names() - set(KEY_WORDS)) == []


def test_an_acknowledgment_is_labelled_by_the_goal_it_points_to():
    goals = "perspectives:\n- id: p\n  title: Medarbetare\n  goals:\n  - id: frisk\n    title: Friska medarbetare\n"
    report = "acknowledged:\n- ref: goals.frisk.assessment\n  reason: Nämnden bedömer målet som uppnått.\n"
    labels = _labels({"goals.yaml": goals, "report.yaml": report})
    assert "Bekräftad avvikelse · Mål ”Friska medarbetare” · bedömning · skäl" in labels


def test_an_acknowledgment_of_an_indicator_names_the_indicator_and_the_group():
    indicators = "indicators:\n- id: sjuk\n  name: Sjukfrånvaro\n"
    report = "acknowledged:\n- ref: indicators.sjuk.kv.2013\n  stated: '5,67'\n"
    labels = _labels({"indicators.yaml": indicators, "report.yaml": report}, {"kv": "Kvinnor"})
    assert "Bekräftad avvikelse · Indikator ”Sjukfrånvaro” · Kvinnor · 2013 · angivet värde" in labels


def test_an_acknowledgment_of_a_key_figure_names_the_key_figure():
    report = (
        "key_figures:\n- id: hme\n  label: HME 2023\n  stated: '79'\n"
        "acknowledged:\n- ref: keyfigures.hme\n  stated: '79'\n"
    )
    assert "Bekräftad avvikelse · Nyckeltal ”HME 2023” · angivet värde" in _labels({"report.yaml": report})


def test_a_reference_to_an_unknown_item_keeps_its_id():
    report = "acknowledged:\n- ref: goals.borttaget.assessment\n  reason: x\n"
    assert "Bekräftad avvikelse · Mål borttaget · bedömning · skäl" in _labels({"report.yaml": report})


def test_a_key_figures_computation_is_labelled_in_swedish():
    report = "key_figures:\n- id: hme\n  label: HME 2023\n  compute:\n    op: mean\n    of: [tables.t.total]\n"
    labels = _labels({"report.yaml": report})
    assert {"Nyckeltal · HME 2023 · beräkning · räknesätt", "Nyckeltal · HME 2023 · beräkning · av"} <= labels
