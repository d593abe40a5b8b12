"""The registration message: format, refusals and warnings."""

from __future__ import annotations

import pytest

from checks.message import build_message, clean_ws_id


def report(env="test", generation="oces3", cvr="12345678", accepted=True, **extra):
    cert = {
        "generation": generation,
        "cvr": cvr,
        "fid": "94731315" if generation == "oces2" else None,
        "uuid": "9f716cec-2420-4aff-b455-4972897b6249" if generation == "oces3" else None,
    }
    other = "prod" if env == "test" else "test"
    findings = [] if accepted else [{"code": "cert.expired", "severity": "error", "message": "Udløbet.", "hint": ""}]
    return {
        "certificate": cert,
        "environments": {env: {"accepted": accepted}, other: {"accepted": False}},
        "findings": findings,
        **extra,
    }


def codes(result):
    return [f["code"] for f in result["findings"]]


def test_oces2_test_only_exact_text():
    r = build_message(test=(report(generation="oces2"), "  abc-123 \n"))
    assert r["ok"] and codes(r) == []
    assert r["text"] == (
        "Emne: Registrering af funktionssignatur til Integrationsplatformen\n\n"
        "Funktionssignatur til test/preprod:\nCVR-nummer: 12345678\nFID: 94731315\nwsBrugerId: abc-123\n"
    )


def test_oces3_both_sections_with_uuid():
    r = build_message(test=(report("test"), "t1"), prod=(report("prod"), "p1"))
    assert r["ok"]
    assert "Systemcertifikat til test/preprod:\nCVR-nummer: 12345678\nUUID: 9f716cec" in r["text"]
    assert "Systemcertifikat til prod:\nCVR-nummer: 12345678\nUUID:" in r["text"]
    assert "FID" not in r["text"]


def test_refuses_certificate_not_accepted_for_its_slot():
    r = build_message(test=(report("prod"), "t1"), lang="en")
    assert not r["ok"] and r["text"] is None
    assert codes(r) == ["message.not-accepted"]
    assert "test/preprod" in r["findings"][0]["message"]


def test_refusal_carries_the_reason():
    r = build_message(prod=(report("prod", accepted=False), "p1"))
    assert "cert.expired" in r["findings"][0]["message"]


@pytest.mark.parametrize("ws", ["a\nb", "a\rb", "a\u2028b", "a\x00b", "a\tb"])
def test_refuses_control_characters(ws):
    r = build_message(test=(report(), ws))
    assert not r["ok"] and codes(r) == ["message.ws-id-invalid"]


@pytest.mark.parametrize("ws", ["", "   ", None])
def test_refuses_missing_ws_id(ws):
    assert codes(build_message(test=(report(), ws))) == ["message.ws-id-missing"]


def test_warns_on_different_cvr_and_same_ws_id():
    r = build_message(test=(report("test", cvr="11111111"), "same"), prod=(report("prod", cvr="22222222"), "same"))
    assert r["ok"] and set(codes(r)) == {"message.cvr-differs", "message.same-ws-id"}
    assert all(f["severity"] == "warning" for f in r["findings"])


def test_nothing_to_register():
    r = build_message()
    assert not r["ok"] and codes(r) == ["message.no-slot"]


def test_clean_ws_id_trims_the_ends():
    # (Issue 16 changed this: "ws 1" with a space inside used to pass; it is now refused.)
    assert clean_ws_id("\t ws-1 \r\n") == ("ws-1", None)


@pytest.mark.parametrize(
    "value,reason",
    [
        ("ws 1", "space"),
        ("ws\u00a01", "space"),
        ("ws\u2009x", "space"),
        ("ws\u3000x", "space"),
        ("w" * 10_000, "long"),
        ("w" * 65, "long"),
        ("ws\u2028x", "control"),
        ("ws\u202ex", "control"),
    ],
)
def test_ws_id_is_one_short_identifier(value, reason):
    from checks.message import WS_ID_MAX, ws_id_problem

    assert ws_id_problem(value) == (None, "message.ws-id-invalid", reason)
    assert ws_id_problem("w" * WS_ID_MAX) == ("w" * WS_ID_MAX, None, None)


@pytest.mark.parametrize(
    "real",
    [
        "ws-test-123",
        "ws-prod-456",
        "ws-test-1",
        "SYSTEM_ABC.test",
        "leverandor@system-1",
        "5a7c1f0e-3b2d-4c8e-9f10-123456789abc",
        "ÆØÅ-system",
    ],
)
def test_ws_ids_as_the_docs_and_tests_show_them_pass(real):
    assert clean_ws_id(real) == (real, None)


def test_oces3_subject_and_optional_fields_exact_text():
    r = build_message(
        test=(report("test"), "t1"),
        supplier=" Syntetisk Leverandør A/S ",
        system="Elevadministration",
        contact="Anne Andersen, 12 34 56 78",
    )
    assert r["ok"] and codes(r) == [] and r["swapped"] is False
    assert r["text"] == (
        "Emne: Registrering af systemcertifikat til Integrationsplatformen\n\n"
        "Leverandør: Syntetisk Leverandør A/S\nSystem: Elevadministration\n"
        "Kontaktperson: Anne Andersen, 12 34 56 78\n\n"
        "Systemcertifikat til test/preprod:\nCVR-nummer: 12345678\n"
        "UUID: 9f716cec-2420-4aff-b455-4972897b6249\nwsBrugerId: t1\n"
    )


def test_empty_optional_fields_leave_no_lines():
    r = build_message(test=(report("test"), "t1"), supplier="  ", system=None, contact="")
    assert r["ok"] and "Leverandør" not in r["text"] and "Kontaktperson" not in r["text"]


@pytest.mark.parametrize("field", ["supplier", "system", "contact"])
@pytest.mark.parametrize("bad", ["a\nb", "a\rb", "a\x1b[31mb", "a\u2028b"])
def test_optional_field_with_control_characters_is_refused(field, bad):
    r = build_message(test=(report("test"), "t1"), lang="en", **{field: bad})
    assert not r["ok"] and r["text"] is None and codes(r) == ["message.field-invalid"]
    name = {"supplier": "supplier", "system": "system name", "contact": "contact person"}[field]
    assert name in r["findings"][0]["message"]


def test_swapped_pair_is_recognised():
    from checks.message import is_swapped

    prod_cert, test_cert = report("prod"), report("test")
    assert is_swapped(prod_cert, test_cert)
    assert not is_swapped(test_cert, prod_cert)
    assert not is_swapped(prod_cert, prod_cert) and not is_swapped(None, test_cert)
    r = build_message(test=(prod_cert, "t1"), prod=(test_cert, "p1"))
    assert r["swapped"] and not r["ok"]
    assert codes(r).count("message.not-accepted") == 2 and "message.swapped" in codes(r)
    swapped_back = build_message(test=(test_cert, "t1"), prod=(prod_cert, "p1"))
    assert swapped_back["ok"] and not swapped_back["swapped"]


def test_refusal_reason_for_other_environment_is_the_note():
    note = {
        "code": "policy.wrong-environment",
        "severity": "info",
        "message": "Det er et testcertifikat, så det kan ikke bruges til produktion.",
        "hint": "",
    }
    r = build_message(prod=(report("test", findings=[note]), "p1"))
    assert codes(r) == ["message.not-accepted"]
    assert "testcertifikat" in r["findings"][0]["message"] and "?" not in r["findings"][0]["message"]


# ---------------------------------------------------------------- renewal (issue 14)


def _old(uuid="11111111-2222-4333-8444-555555555555", generation="oces3", **kw):
    r = report("test", generation=generation, accepted=False, **kw)
    r["certificate"]["uuid"] = uuid if generation == "oces3" else None
    return r


def test_renewal_names_the_old_and_new_uuid_and_says_so():
    r = build_message(test=(report("test"), "t1"), previous={"test": _old()})
    assert r["ok"] and codes(r) == []
    assert r["text"] == (
        "Emne: Fornyelse af systemcertifikat til Integrationsplatformen\n\n"
        "Det er en fornyelse: det nye certifikat afløser det tidligere i samme miljø.\n\n"
        "Systemcertifikat til test/preprod:\nCVR-nummer: 12345678\n"
        "UUID: 9f716cec-2420-4aff-b455-4972897b6249\n"
        "Tidligere UUID: 11111111-2222-4333-8444-555555555555\nwsBrugerId: t1\n"
    )


def test_renewal_of_one_slot_leaves_the_other_as_a_registration():
    r = build_message(test=(report("test"), "t1"), prod=(report("prod"), "p1"), previous={"prod": _old()})
    test_part, prod_part = r["text"].split("Systemcertifikat til prod:")
    assert "Tidligere UUID" not in test_part and "Tidligere UUID: 11111111" in prod_part
    assert r["text"].startswith("Emne: Fornyelse af systemcertifikat")


def test_an_old_certificate_that_expired_is_still_named_and_an_oces2_one_by_its_fid():
    old = _old(generation="oces2")
    r = build_message(test=(report("test"), "t1"), previous={"test": old})
    assert r["ok"] and "Tidligere FID: 94731315\n" in r["text"]


def test_no_renewal_without_an_old_certificate_or_for_an_unreadable_one():
    plain = build_message(test=(report("test"), "t1"))
    assert build_message(test=(report("test"), "t1"), previous={}) == plain
    assert build_message(test=(report("test"), "t1"), previous={"test": {"certificate": None}}) == plain
    # An old certificate for a slot that is not being built changes nothing either.
    assert build_message(test=(report("test"), "t1"), previous={"prod": _old()}) == plain
