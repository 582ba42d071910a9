"""Tests of fetch-catalogue.py on small wheels made here (no network, no ../shared).

Run: python3 -m unittest discover -s scripts/release -p 'test_*.py'
"""

import contextlib
import hashlib
import importlib.util
import io
import stat
import sys
import tempfile
import unittest
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEC = importlib.util.spec_from_file_location("fetch_catalogue", HERE / "fetch-catalogue.py")
fetch = importlib.util.module_from_spec(SPEC)
sys.modules["fetch_catalogue"] = fetch
SPEC.loader.exec_module(fetch)

API = b'{"actions": {}, "objects": {}, "metadata": {}, "version": "1.0"}'
CODES = b"# An error.\nFAILEDOPERATION = 'FailedOperation'\n\n# Another.\nINVALIDPARAMETER_X = 'InvalidParameter.X'\n"


def make_wheel(path: Path, members: dict, links: tuple = ()) -> str:
    """Writes a zip with `members` (name -> bytes) and symlink entries; returns its SHA-256."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
        for name, target in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, target)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pins(desc_hash: str, codes_hash: str) -> str:
    return f"""
[editions.en]
title = "test"
crate_prefix = "tencentcloud-"
language = "en-US"
[editions.en.descriptions]
package = "tccli-intl-en"
version = "1.0"
file = "d.whl"
sha256 = "{desc_hash}"
root = "tccli/services"
[editions.en.error_codes]
package = "sdk"
version = "1.0"
file = "c.whl"
sha256 = "{codes_hash}"
root = "tencentcloud"
"""


class FetchCatalogueTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="fetch-test-"))
        self.wheels = self.tmp / "wheels"
        self.wheels.mkdir()
        self.desc_hash = make_wheel(
            self.wheels / "d.whl",
            {
                "tccli/services/cvm/v20170312/api.json": API,
                "tccli/services/cvm/v20170312/examples.json": b'{"actions": {}}',
                "tccli/services/trtc/v20190722/api.json": API,
                "tccli/services/../../evil/v20170312/api.json": API,
                "tccli/services/Bad Name/v20170312/api.json": API,
                "tccli/services/cvm/v20170312/other.json": b"{}",
            },
            links=(("tccli/services/sms/v20210111/api.json", "/etc/passwd"),),
        )
        self.codes_hash = make_wheel(
            self.wheels / "c.whl",
            {
                "tencentcloud/cvm/v20170312/errorcodes.py": CODES,
                "tencentcloud/gone/v20200101/errorcodes.py": CODES,
            },
        )
        self.out = self.tmp / "out"

    def run_fetch(self, catalogue_text: str, out: Path | None = None) -> tuple[int, str, str]:
        catalogue = self.tmp / "catalogue.toml"
        catalogue.write_text(catalogue_text)
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = fetch.main(
                ["--edition", "en", "--out", str(out or self.out), "--wheels", str(self.wheels),
                 "--catalogue", str(catalogue)]
            )
        return code, stdout.getvalue(), stderr.getvalue()

    def written(self) -> list[str]:
        return sorted(str(p.relative_to(self.tmp)) for p in self.tmp.rglob("*") if p.is_file())

    def test_lays_out_descriptions_and_codes(self):
        code, out, err = self.run_fetch(pins(self.desc_hash, self.codes_hash))
        self.assertEqual(code, 0, err)
        self.assertEqual(
            [p for p in self.written() if p.startswith("out/")],
            [
                "out/PROVENANCE",
                "out/services/cvm/v20170312/api.json",
                "out/services/cvm/v20170312/errorcodes.py",
                "out/services/cvm/v20170312/examples.json",
                "out/services/trtc/v20190722/api.json",
            ],
        )
        self.assertEqual((self.out / "services/cvm/v20170312/errorcodes.py").read_bytes(), CODES)
        self.assertIn("2 service version(s)", out)
        self.assertIn("with errorcodes.py: 1 (2 codes)", out)
        self.assertIn("gone/v20200101", out)
        provenance = (self.out / "PROVENANCE").read_text()
        self.assertIn(f"sha256:{self.desc_hash}", provenance)
        self.assertIn(f"sha256:{self.codes_hash}", provenance)

    def test_odd_names_and_links_are_skipped_never_written(self):
        code, out, _ = self.run_fetch(pins(self.desc_hash, self.codes_hash))
        self.assertEqual(code, 0)
        self.assertIn("not a plain <service>/<version> name", out)
        self.assertIn("not a regular file", out)
        self.assertFalse((self.tmp / "evil").exists())
        self.assertFalse((self.out / "services/sms").exists())
        self.assertTrue(all(p.startswith(("out/", "wheels/", "catalogue.toml")) for p in self.written()))

    def test_a_hash_mismatch_stops_before_anything_is_laid_out(self):
        wrong = "0" * 64
        code, _, err = self.run_fetch(pins(self.desc_hash, wrong))
        self.assertEqual(code, 1)
        self.assertIn("does not match the pinned", err)
        self.assertIn("c.whl", err)
        self.assertEqual([p for p in self.written() if p.startswith("out/")], [])

    def test_a_non_empty_output_is_refused(self):
        self.out.mkdir()
        (self.out / "keep").write_text("mine")
        code, _, err = self.run_fetch(pins(self.desc_hash, self.codes_hash))
        self.assertEqual(code, 1)
        self.assertIn("not an empty directory", err)
        self.assertEqual((self.out / "keep").read_text(), "mine")

    def test_a_pin_with_a_missing_or_malformed_key_is_refused(self):
        text = pins(self.desc_hash, self.codes_hash).replace(f'sha256 = "{self.codes_hash}"', 'sha256 = "abc"')
        code, _, err = self.run_fetch(text)
        self.assertEqual(code, 1)
        self.assertIn("editions.en.error_codes.sha256", err)
        code, _, err = self.run_fetch(pins(self.desc_hash, self.codes_hash).replace('root = "tencentcloud"', ""))
        self.assertEqual(code, 1)
        self.assertIn("missing or empty: root", err)

    def test_the_repository_pins_are_well_formed(self):
        for edition in ("en", "cn"):
            table, d_pin, c_pin = fetch.load_edition(fetch.REPO / "catalogue.toml", edition)
            self.assertTrue(table["crate_prefix"].startswith("tencentcloud-"))
            self.assertNotEqual(d_pin.sha256, c_pin.sha256)


if __name__ == "__main__":
    unittest.main()
