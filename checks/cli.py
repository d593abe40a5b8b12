"""`python -m checks`: the checker and the message builder for terminals and scripts.

Exit status: 0 when every file is accepted for at least one environment (check) or the
message was built (message); 1 when not; 2 for a usage error.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import datetime
from pathlib import Path

from checks import clock
from checks.catalogue import word
from checks.load import PKCS12PasswordNeeded
from checks.message import build_message
from checks.report import check
from checks.trust import TrustStore, default_directory

TEXTS = {
    "da": {"accepted": "godkendt", "rejected": "afvist", "test": "test/preprod", "prod": "produktion",
           "hint": "Gør sådan", "no_trust": "Ingen trust-mappe: angiv --trust-dir eller OCES_TRUST_DIR.",
           "unreadable": "kan ikke læses", "password": "Adgangskode til {name}: "},
    "en": {"accepted": "accepted", "rejected": "rejected", "test": "test/preprod", "prod": "production",
           "hint": "What to do", "no_trust": "No trust directory: give --trust-dir or set OCES_TRUST_DIR.",
           "unreadable": "cannot be read", "password": "Password for {name}: "},
}
MARKS = {"error": "✗", "warning": "!", "info": "i"}


class UsageError(Exception):
    pass


def parse_time(text: str | None) -> datetime:
    try:
        return clock.parse(text)
    except ValueError:
        raise UsageError(f"--at: not an ISO-8601 time: {text!r}") from None


def load_trust(trust_dir: str | None) -> TrustStore:
    directory = trust_dir or default_directory()
    if not directory:
        raise UsageError(TEXTS["en"]["no_trust"])
    if not Path(directory).is_dir():
        raise UsageError(f"trust directory not found: {directory}")
    return TrustStore.from_directory(directory)


def read_input(name: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as e:
        raise UsageError(f"{name}: {e.strerror or e}") from None


def pkcs12_opener(args, name: str, lang: str):
    """Opens PKCS#12 with the password from stdin or a terminal prompt; never waits otherwise."""
    from checks.pkcs12 import opener

    def open_pkcs12(der: bytes) -> list[bytes]:
        if args.password is None:
            if args.password_stdin:
                args.password = sys.stdin.buffer.readline().rstrip(b"\r\n")
            elif sys.stdin.isatty():
                args.password = getpass.getpass(TEXTS[lang]["password"].format(name=name)).encode()
            else:
                raise PKCS12PasswordNeeded()
        return opener(args.password)(der)

    return open_pkcs12


def format_text(report: dict, lang: str) -> str:
    t = TEXTS[lang]
    cert = report["certificate"]
    lines = []
    if cert:
        ident = cert["fid"] and f"FID {cert['fid']}" or cert["uuid"] and f"UUID {cert['uuid']}" or ""
        kind = word("kind", cert["kind"], lang, "label") if cert["kind"] else (cert["generation"] or "?").upper()
        lines.append(f"{report['file']}: {cert['subject_cn']} — {kind}"
                     f"{', CVR ' + cert['cvr'] if cert['cvr'] else ''}{', ' + ident if ident else ''}"
                     f", {cert['not_before'][:10]} – {cert['not_after'][:10]}")
        chain = report["chain"]
        if chain["trusted"]:
            lines.append("  " + " → ".join(chain["path"]))
    else:
        lines.append(f"{report['file']}: {t['unreadable']}")
    for env in ("test", "prod"):
        verdict = t["accepted"] if report["environments"][env]["accepted"] else t["rejected"]
        lines.append(f"  {t[env]}: {verdict}")
    for f in report["findings"]:
        lines.append(f"  {MARKS[f['severity']]} [{f['code']}] {f['message']}")
        lines.append(f"      {t['hint']}: {f['hint']}")
    return "\n".join(lines)


def cmd_check(args) -> int:
    at = parse_time(args.at)
    trust = load_trust(args.trust_dir)
    if args.password_stdin and sum(1 for f in args.files if f == "-"):
        raise UsageError("--password-stdin cannot be combined with reading a file from stdin")
    reports = []
    for name in args.files:
        args.password = None
        data = read_input(name)
        reports.append(check(data, at=at, trust=trust, lang=args.lang, name=name,
                             open_pkcs12=pkcs12_opener(args, name, args.lang)))
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(format_text(r, args.lang) for r in reports))
    accepted = all(any(e["accepted"] for e in r["environments"].values()) for r in reports)
    return 0 if accepted else 1


def cmd_message(args) -> int:
    at = parse_time(args.at)
    trust = load_trust(args.trust_dir)
    slots = {}
    for env, file, ws in (("test", args.test, args.test_ws), ("prod", args.prod, args.prod_ws)):
        if file is None and ws is None:
            continue
        if file is None or ws is None:
            raise UsageError(f"--{env} and --{env}-ws go together")
        report = check(read_input(file), at=at, trust=trust, lang=args.lang, name=file)
        slots[env] = (report, ws)
    if not slots:
        raise UsageError("give --test FILE --test-ws ID and/or --prod FILE --prod-ws ID")
    result = build_message(**slots, lang=args.lang)
    for f in result["findings"]:
        print(f"{MARKS[f['severity']]} [{f['code']}] {f['message']}\n    {f['hint']}", file=sys.stderr)
    if result["text"] is not None:
        sys.stdout.write(result["text"])
    return 0 if result["ok"] else 1


def cmd_trust(args) -> int:
    """Which pinned anchors the trust directory holds; with --fetch, download the missing ones."""
    directory = args.trust_dir or default_directory()
    if not directory:
        raise UsageError(TEXTS["en"]["no_trust"])
    if args.fetch:
        from checks.fetch import fetch

        for pin_id, outcome in fetch(directory).items():
            print(f"{pin_id}: {outcome}")
    store = TrustStore.from_directory(directory)
    for anchor in store.anchors:
        print(f"ok       {anchor.id}  {anchor.name}")
    for pin in store.missing:
        print(f"missing  {pin['id']}  {pin['name']}  ({pin['generation']} {pin['environment']}: "
              f"certificates from it cannot be accepted)")
    for path in store.refused:
        print(f"refused  {path}  (matches no pin)")
    return 0 if not store.missing else 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m checks", description=(
        "Check OCES certificates for STIL's Integrationsplatformen and write the registration request."))
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp):
        sp.add_argument("--at", help="validation time, ISO 8601 (default: now)")
        sp.add_argument("--trust-dir", help="directory of OCES CA certificates (default: $OCES_TRUST_DIR)")
        sp.add_argument("--lang", choices=("da", "en"), default="da", help="language of the findings")

    c = sub.add_parser("check", help="check certificate files")
    c.add_argument("files", nargs="+", metavar="FILE", help="certificate file (PEM, DER, base64, PKCS#7, PKCS#12; - for stdin)")
    c.add_argument("--json", action="store_true", help="print the JSON report")
    c.add_argument("--password-stdin", action="store_true", help="read a PKCS#12 password from stdin")
    common(c)
    c.set_defaults(func=cmd_check)

    m = sub.add_parser("message", help="write the registration request for STIL's support desk")
    m.add_argument("--test", metavar="FILE", help="certificate for test/preprod")
    m.add_argument("--test-ws", metavar="ID", help="the system's wsBrugerId for test/preprod")
    m.add_argument("--prod", metavar="FILE", help="certificate for production")
    m.add_argument("--prod-ws", metavar="ID", help="the system's wsBrugerId for production")
    common(m)
    m.set_defaults(func=cmd_message)

    t = sub.add_parser("trust", help="list the trust directory's anchors; --fetch downloads missing ones")
    t.add_argument("--trust-dir", help="directory of OCES CA certificates (default: $OCES_TRUST_DIR)")
    t.add_argument("--fetch", action="store_true", help="download missing anchors from the CAs (needs internet)")
    t.set_defaults(func=cmd_trust)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # argparse exits with 2 on a usage error
    try:
        return args.func(args)
    except UsageError as e:
        print(f"{parser().prog}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
