"""Tests of the Colab installer."""

import pytest


def test_colab_never_installs_tensorflow(monkeypatch):
    from utils import colab

    with pytest.raises(ValueError, match="Refusing to install TensorFlow"):
        colab.install_missing((("surely_not_a_module_x", "tensorflow==2.0"),))
    assert colab.missing_packages((("os", "os"), ("surely_not_a_module_x", "x==1"))) == ["x==1"]
