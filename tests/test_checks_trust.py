"""Trust directory: pinned files used, unpinned ones refused, missing ones reported."""

from __future__ import annotations

import shutil

from checks.trust import TrustStore, pins


def test_real_trust_dir_has_every_pin(trust):
    assert not trust.missing and not trust.refused
    assert {a.id for a in trust.anchors} == {p["id"] for p in pins()}


def test_unpinned_and_tampered_files_are_refused(shared, tmp_path):
    shutil.copytree(shared / "trust", tmp_path / "trust")
    shutil.copy(
        shared / "corpus" / "spoofed" / "fake-trust2408-systemtest-vii-primary-ca.pem",
        tmp_path / "trust" / "oces2-test" / "fake.pem",
    )
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


def test_fetch_keeps_only_downloads_that_match_their_pin(shared, tmp_path):
    from checks.fetch import fetch
    from checks.trust import read_certificates

    by_name = {}
    for p in pins():
        cert = read_certificates((shared / "trust" / p["file"]).read_bytes())[0]
        if p.get("source"):
            by_name[p["source"]] = cert.dump()  # the CAs publish DER

    def download(url):
        if "cti-gov" in url and "root" in url:
            raise OSError("host unreachable")
        if "issuing/1" in url and "cti" not in url:
            return by_name[next(u for u in by_name if "cti-gov" in u and "issuing" in u)]  # wrong certificate
        return by_name[url]

    outcomes = fetch(tmp_path, download)
    assert outcomes["oces3-prod-root"] == "fetched"
    assert outcomes["oces3-test-ca-1"] == "fetched"
    assert outcomes["oces3-prod-ca-1"] == "mismatch"
    assert outcomes["oces3-test-root"].startswith("failed")
    assert outcomes["oces2-prod-root"] == "no address"
    store = TrustStore.from_directory(tmp_path)
    assert {a.id for a in store.anchors} == {"oces3-prod-root", "oces3-test-ca-1", "oces2-test-ca-xix"}
    assert fetch(tmp_path, download)["oces3-prod-root"] == "present"
