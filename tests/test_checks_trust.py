"""Trust directory: pinned files used, unpinned ones refused, missing ones reported."""

from __future__ import annotations

import shutil

from checks.trust import TrustStore, pins


def test_real_trust_dir_has_every_pin(trust):
    assert not trust.missing and not trust.refused
    assert {a.id for a in trust.anchors} == {p["id"] for p in pins()}


def test_unpinned_and_tampered_files_are_refused(shared, tmp_path):
    shutil.copytree(shared / "trust", tmp_path / "trust")
    shutil.copy(shared / "corpus" / "spoofed" / "fake-trust2408-systemtest-vii-primary-ca.pem",
                tmp_path / "trust" / "oces2-test" / "fake.pem")
    victim = tmp_path / "trust" / "oces3-test" / "Den_Danske_Stat_OCES_rod-CA__Test-cti.pem"
    lines = victim.read_text().splitlines()
    lines[5] = lines[5][:10] + ("A" if lines[5][10] != "A" else "B") + lines[5][11:]
    victim.write_text("\n".join(lines) + "\n")
    store = TrustStore.from_directory(tmp_path / "trust")
    assert any(r.endswith("fake.pem") for r in store.refused)
    assert [p["id"] for p in store.missing] == ["oces3-test-root"]
    assert "oces3-test-root" not in {a.id for a in store.anchors}


def test_pem_bundle_round_trip_checks_pins(trust, shared):
    bundle = trust.to_pem_bundle()
    again = TrustStore.from_pem_bundle(bundle)
    assert {a.id for a in again.anchors} == {a.id for a in trust.anchors} and not again.missing
    fake = (shared / "corpus" / "spoofed" / "fake-trust2408-systemtest-xxii-ca.pem").read_bytes()
    mixed = TrustStore.from_pem_bundle(bundle + fake)
    assert len(mixed.refused) == 1 and len(mixed.anchors) == len(trust.anchors)


def test_missing_directory_gives_empty_store(tmp_path):
    store = TrustStore.from_directory(tmp_path / "absent")
    assert not store.anchors and len(store.missing) == len(pins())
