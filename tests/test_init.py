import subprocess
import sys

import dyad


def test_public_names_load_on_first_use():
    assert set(dyad.__all__) == set(dyad._EXPORTS)
    for name in dyad.__all__:
        assert getattr(dyad, name).__name__ == name
    assert "Coder" in dir(dyad)


def test_unknown_name_is_an_attribute_error():
    try:
        dyad.Codr  # noqa: B018
    except AttributeError as error:
        assert "Codr" in str(error)
    else:
        raise AssertionError("dyad.Codr should not exist")


def test_importing_a_light_module_does_not_load_spacy():
    code = "import sys, dyad.cache, dyad.errors; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
