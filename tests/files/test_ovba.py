"""The VBA storage formats: MS-OVBA compression and encryption, and the compound file.

Oracles: oletools' decompressor and olefile (independent readers), the streams Excel compressed
inside xlwings.xlam, and the decryption written from the specification in tests/vba_structure.py.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import olefile
import pytest
import vba_structure
from helpers import ROOT
from oletools.olevba import decompress_stream

from xlperf.files import cfb, ovba, vba

xlwings = pytest.importorskip("xlwings")
XLAM = Path(xlwings.__file__).parent / "addin" / "xlwings.xlam"


def _xlam_project() -> bytes:
    with zipfile.ZipFile(XLAM) as z:
        return z.read("xl/vbaProject.bin")


def _inputs() -> list[bytes]:
    rng = random.Random(15)
    texts = [b"", b"a", b"abc" * 5000, (ROOT / "macros" / "XlperfCommon.bas").read_bytes(),
             (Path(xlwings.__file__).parent / "addin" / "Remote.bas").read_bytes()]
    for size in (4095, 4096, 4097, 9000):
        texts.append(bytes(rng.choice(b"ab \r\nSub End") for _ in range(size)))
    return texts


@pytest.mark.parametrize("data", _inputs(), ids=lambda d: f"{len(d)}B")
def test_compressed_text_decompresses_to_itself(data):
    packed = ovba.compress(data)
    assert bytes(decompress_stream(bytearray(packed))) == data
    assert ovba.decompress(packed) == data
    if len(data) > 100:
        assert len(packed) < len(data)


def test_incompressible_data_goes_into_raw_chunks():
    data = random.Random(1).randbytes(4096 * 2)
    packed = ovba.compress(data)
    assert packed[1:3] == b"\xff\x3f"  # flag 0, size 4095 + 3: a raw chunk
    assert bytes(decompress_stream(bytearray(packed))) == data


def test_our_decompressor_reads_what_excel_compressed():
    streams = vba.read_streams(_xlam_project())
    modules = ovba.stored_modules(ovba.decompress(streams["VBA/dir"]))
    assert ovba.decompress(streams["VBA/dir"]) == bytes(
        decompress_stream(bytearray(streams["VBA/dir"])))
    assert len(modules) == 15
    for module in modules:
        packed = streams[f"VBA/{module.stream}"][module.offset:]
        assert ovba.decompress(packed) == bytes(decompress_stream(bytearray(packed))), module


def test_stored_modules_are_the_modules_of_the_dir_stream():
    data = _xlam_project()
    described = vba_structure.read(data)
    modules = ovba.stored_modules(ovba.decompress(vba.read_streams(data)["VBA/dir"]))
    assert [m.name for m in modules] == described.modules
    assert {m.name for m in modules if m.document} == {
        name for name, records in described.module_records.items() if records[-2][0] == 0x22}
    assert next(m for m in modules if m.name == "Main").offset == 0


@pytest.mark.parametrize("seed", range(8))
def test_encrypted_values_decrypt_per_the_specification(seed):
    project_id = "{6F1D2B7E-3C4A-4B8E-9D51-0A7C2E5F8B13}"
    for data in (b"\x00", b"\xff", bytes(4)):
        version, key, plain = vba_structure.decrypt(ovba.encrypt(project_id, data, seed).hex())
        assert (version, key, plain) == (2, sum(project_id.encode()) & 0xFF, data)


def test_a_compound_file_reads_back_with_olefile():
    rng = random.Random(3)
    tree = {"VBA": {"dir": b"d" * 700, "Big": rng.randbytes(10_000), "Edge": b"e" * 4096,
                    "Tiny": b"t", "_VBA_PROJECT": b"\xcc\x61"},
            "PROJECT": b"p" * 300, "PROJECTwm": b"w" * 64}
    data = cfb.compound_file(tree)
    ole = olefile.OleFileIO(io.BytesIO(data))
    flat = {f"VBA/{k}": v for k, v in tree["VBA"].items()}
    flat |= {"PROJECT": tree["PROJECT"], "PROJECTwm": tree["PROJECTwm"]}
    assert {"/".join(p): ole.openstream(p).read() for p in ole.listdir()} == flat
    assert vba.read_streams(data) == flat  # olefile, as xlperf reads a project
    # The order is ours (Excel's), not sorted: VBA's first entry is dir, chained to the right.
    names = [e.name for e in ole.direntries if e is not None]
    assert names == ["Root Entry", "VBA", "dir", "Big", "Edge", "Tiny", "_VBA_PROJECT", "PROJECT",
                     "PROJECTwm"]


def test_long_names_are_refused():
    with pytest.raises(ValueError, match="31"):
        cfb.compound_file({"x" * 32: b""})


def test_a_non_compound_file_is_refused():
    with pytest.raises(ValueError):
        vba.read_streams(b"PK\x03\x04" + bytes(600))
