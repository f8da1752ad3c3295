"""The code digest a report records: any change to the package's files changes it."""

from toolkit.version import code_digest


def test_the_code_digest_covers_code_and_shipped_models_but_not_caches(tmp_path):
    (tmp_path / "segment").mkdir()
    (tmp_path / "segment" / "cuts.py").write_text("MARGIN = 1\n")
    model = tmp_path / "segment" / "model.npz"
    model.write_bytes(b"weights v1")
    first = code_digest(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "cuts.cpython-311.pyc").write_bytes(b"compiled")
    assert code_digest.__wrapped__(tmp_path) == first
    model.write_bytes(b"weights v2")
    assert code_digest.__wrapped__(tmp_path) != first
