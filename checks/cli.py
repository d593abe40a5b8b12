"""`python -m checks`: the checker and the message builder for terminals and scripts.

Exit status: 0 when every file is accepted for at least one environment (check) or the
message was built (message); 1 when not; 2 for a usage error (also: standard input is
closed but is to be read); 3 when the output cannot be written (a full disk). Each
failure is one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import stat
import sys
from datetime import datetime
from pathlib import Path

from checks import clock
from checks.catalogue import DEFAULT_LANGUAGE, LANGUAGES, Finding, entry, render, word
from checks.contract import Report
from checks.load import MAX_BYTES, PKCS12PasswordNeeded, Truncated, is_pkcs12
from checks.report import check
from checks.textsafe import ELLIPSIS
from checks.trust import TrustStore, default_directory

# The finding codes this module's rules emit (each one's home: tests/test_findings_home.py).
EMITS = (
    "input.not-found",
    "input.unreadable",
)

TEXTS = {
    "da": {
        "accepted": "godkendt",
        "rejected": "afvist",
        "test": "test/preprod",
        "prod": "produktion",
        "hint": "Gør sådan",
        "guide": "Vejledning",
        "no_trust": "Ingen trust-mappe: angiv --trust-dir eller OCES_TRUST_DIR.",
        "unreadable": "kan ikke læses",
        "password": "Adgangskode til {name}: ",
    },
    "en": {
        "accepted": "accepted",
        "rejected": "rejected",
        "test": "test/preprod",
        "prod": "production",
        "hint": "What to do",
        "guide": "Guide",
        "no_trust": "No trust directory: give --trust-dir or set OCES_TRUST_DIR.",
        "unreadable": "cannot be read",
        "password": "Password for {name}: ",
    },
}
MARKS = {"error": "✗", "warning": "!", "info": "i"}


class UsageError(Exception):
    pass


class OutputError(Exception):
    """stdout cannot be written (a full disk, a closed descriptor)."""


def stdin_buffer():
    """The standard input's bytes, or a usage error when there is none (`0<&-`)."""
    if sys.stdin is None or getattr(sys.stdin, "buffer", None) is None:
        raise UsageError("standard input is closed, but it was to be read (- or --password-stdin)")
    return sys.stdin.buffer


def _has_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):  # closed or detached
        return False


def parse_time(text: str | None) -> datetime:
    try:
        return clock.parse(text)
    except ValueError as e:
        raise UsageError(f"--at: {e}: {text!r}") from None


def load_trust(trust_dir: str | None) -> TrustStore:
    directory = trust_dir or default_directory()
    if not directory:
        raise UsageError(TEXTS["en"]["no_trust"])
    if not Path(directory).is_dir():
        raise UsageError(f"trust directory not found: {directory}")
    return TrustStore.from_directory(directory)


# --- reading ---------------------------------------------------------------------------


def read_input(name: str) -> bytes | Finding:
    """The file's bytes, read at most up to the size limit (one byte more marks "too large"),
    or the finding why it cannot be read."""
    try:
        if name == "-":
            return _bounded(stdin_buffer(), None)
        with open(name, "rb") as f:
            info = os.fstat(f.fileno())
            return _bounded(f, info.st_size if stat.S_ISREG(info.st_mode) else None)
    except FileNotFoundError:
        return Finding("input.not-found")
    except OSError:  # permission, a folder, a device that fails
        return Finding("input.unreadable")


def _bounded(stream, size: int | None) -> bytes:
    chunks, left = [], MAX_BYTES + 1
    while left > 0:
        chunk = stream.read(min(left, 65536))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    data = b"".join(chunks)
    return Truncated(data, size) if len(data) > MAX_BYTES else data


class Passwords:
    """PKCS#12 passwords: with --password-stdin, one line serves every PKCS#12 file, or,
    when more lines are given, one line per PKCS#12 file in order; otherwise a terminal
    prompt per file, and never a wait when there is no terminal."""

    def __init__(self, from_stdin: bool, lang: str):
        self.lines = None
        if from_stdin:
            text = _bounded(stdin_buffer(), None)[:MAX_BYTES]
            lines = [line.removesuffix(b"\r") for line in text.split(b"\n")]
            if len(lines) > 1 and lines[-1] == b"":
                lines.pop()  # the line end after the last password
            self.lines = lines
        self.lang, self.used = lang, 0

    def opener(self, name: str, data: bytes):
        """The opener for one file; a PKCS#12 file takes its password line now, in order."""
        password = None
        if self.lines is not None and is_pkcs12(data):
            index = self.used if len(self.lines) > 1 else 0
            self.used += 1
            password = self.lines[index] if index < len(self.lines) else None

        def asked() -> bytes:  # called only when the file has an encrypted part
            nonlocal password
            if password is None:
                if self.lines is not None or not _has_terminal():  # never a wait, nor a failure, without one
                    raise PKCS12PasswordNeeded()
                prompt = TEXTS[self.lang]["password"].format(name=shown_name(name))
                password = getpass.getpass(prompt).encode()
            return password

        # `checks.pkcs12` is small; `cryptography`'s ciphers load only when a file is opened.
        from checks.pkcs12 import opener  # noqa: PLC0415

        return opener(asked)


def check_file(name: str, args, at: datetime, trust: TrustStore, passwords: Passwords) -> Report:
    data = read_input(name)
    shown = shown_name(name)
    if isinstance(data, Finding):
        # The report of an empty input, with the reason this file could not be read instead.
        report = check(b"", at=at, trust=trust, lang=args.lang, name=shown)
        report["findings"] = [render(data, args.lang)] + [f for f in report["findings"] if f["code"] != "input.empty"]
        return report
    return check(data, at=at, trust=trust, lang=args.lang, name=shown, open_pkcs12=passwords.opener(name, data))


# --- writing ---------------------------------------------------------------------------


def shown_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as surrogates) as \\xNN."""
    return os.fsencode(name).decode("utf-8", "backslashreplace") if name != "-" else name


def escape(text: str) -> str:
    """Every character a terminal could act on made visible: C0/C1 controls, DEL, line and
    paragraph separators, bidi and other format characters (\\x1b, \\n, \\u202e)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escaped(ch) for ch in text)


def _escaped(ch: str) -> str:
    code = ord(ch)
    if ch in "\n\r\t":
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch]
    if code < 0x100:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a surrogate-escaped byte of a file name
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def one_line(value, limit: int = 200) -> str:
    text = escape(str(value if value is not None else "")[: limit * 4])
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def cli_hint(code: str, lang: str) -> str:
    """What only the terminal is told (a flag, the trust directory): findings.toml's
    `cli_hint`, kept out of the texts the site shows."""
    try:
        return entry(code)[lang].get("cli_hint", "")
    except KeyError:
        return ""


def format_text(report: Report, lang: str) -> str:
    t = TEXTS[lang]
    cert = report["certificate"]
    lines = []
    # Values from the input escaped and shortened (as checks/textsafe.one_line, in this CLI's
    # escape dialect, which also writes a file name's undecodable bytes as \xNN); --json keeps them whole.
    file = one_line(report["file"])
    if cert:
        ident = (cert["fid"] and f"FID {cert['fid']}") or (cert["uuid"] and f"UUID {cert['uuid']}") or ""
        kind = word("kind", cert["kind"], lang, "label") if cert["kind"] else (cert["generation"] or "?").upper()
        lines.append(
            f"{file}: {one_line(cert['subject_cn'])} — {kind}"
            f"{', CVR ' + cert['cvr'] if cert['cvr'] else ''}{', ' + ident if ident else ''}"
            f", {cert['not_before'][:10]} – {cert['not_after'][:10]}"
        )
        chain = report["chain"]
        if chain and chain["trusted"]:
            lines.append("  " + " → ".join(one_line(name, 100) for name in chain["path"]))
    else:
        lines.append(f"{file}: {t['unreadable']}")
    for env in ("test", "prod"):
        verdict = t["accepted"] if report["environments"][env]["accepted"] else t["rejected"]
        lines.append(f"  {t[env]}: {verdict}")
    for f in report["findings"]:
        lines.append(f"  {MARKS[f['severity']]} [{f['code']}] {f['message']}")
        lines.append(f"      {t['hint']}: {f['hint']}")
        if "guide" in f:
            lines.append(f"      {t['guide']}: {f['guide']['title']}")
        if cli_hint(f["code"], lang):
            lines.append(f"      {cli_hint(f['code'], lang)}")
    # Each line is escaped whole: a certificate string must not start a line of its own.
    return "\n".join(escape(line) for line in lines)


def cmd_check(args) -> int:
    at = parse_time(args.at)
    trust = load_trust(args.trust_dir)
    stdin_files = sum(1 for f in args.files if f == "-")
    if stdin_files > 1:
        raise UsageError("- (standard input) may be given only once")
    if args.password_stdin and stdin_files:
        raise UsageError("--password-stdin cannot be combined with reading a file from stdin")
    passwords = Passwords(args.password_stdin, args.lang)
    reports = [check_file(name, args, at, trust, passwords) for name in args.files]
    if args.json:
        write(json.dumps(reports, ensure_ascii=False, indent=2) + "\n")
    elif args.summary:
        from checks.summary import summary_text  # noqa: PLC0415

        # The support summary, as the checker's copy button gives it; links when SITE_URL is set.
        site = os.environ.get("SITE_URL") or None
        write("\n\n".join(summary_text(r, args.lang, at, site) for r in reports) + "\n")
    else:
        write("\n\n".join(format_text(r, args.lang) for r in reports) + "\n")
    accepted = all(any(e["accepted"] for e in r["environments"].values()) for r in reports)
    return 0 if accepted else 1


def cmd_message(args) -> int:
    at = parse_time(args.at)
    trust = load_trust(args.trust_dir)
    if args.test == "-" and args.prod == "-":
        raise UsageError("- (standard input) may be given only once")
    passwords = Passwords(args.password_stdin, args.lang)
    slots = {}
    for env, file, ws in (("test", args.test, args.test_ws), ("prod", args.prod, args.prod_ws)):
        if file is None and ws is None:
            continue
        if file is None or ws is None:
            raise UsageError(f"--{env} and --{env}-ws go together")
        if file == "-" and args.password_stdin:
            raise UsageError("--password-stdin cannot be combined with reading a file from stdin")
        slots[env] = (check_file(file, args, at, trust, passwords), ws)
    if not slots:
        raise UsageError("give --test FILE --test-ws ID and/or --prod FILE --prod-ws ID")
    # A renewal: the old certificate of a slot (it may have expired; only its UUID/FID is used).
    previous = {}
    for env, old in (("test", args.test_old), ("prod", args.prod_old)):
        if old is None:
            continue
        if env not in slots:
            raise UsageError(f"--{env}-old needs --{env} (the new certificate)")
        if old == "-":
            raise UsageError(f"--{env}-old cannot be read from stdin")
        previous[env] = check_file(old, args, at, trust, passwords)
    from checks.message import build_message  # noqa: PLC0415  only this command needs it

    result = build_message(
        **slots,
        lang=args.lang,
        supplier=args.supplier,
        system=args.system,
        contact=args.contact,
        previous=previous or None,
    )
    for f in result["findings"]:
        extra = f"\n    {escape(cli_hint(f['code'], args.lang))}" if cli_hint(f["code"], args.lang) else ""
        print(
            f"{MARKS[f['severity']]} [{f['code']}] {escape(f['message'])}\n    {escape(f['hint'])}{extra}",
            file=sys.stderr,
        )
    if result["text"] is not None:
        write(result["text"])
    return 0 if result["ok"] else 1


def write(text: str) -> None:
    try:
        if sys.stdout is None:
            raise OSError("standard output is closed")
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as e:
        raise OutputError(getattr(e, "strerror", None) or str(e)) from None


def cmd_trust(args) -> int:
    """Which pinned anchors the trust directory holds; with --fetch, download the missing ones."""
    directory = args.trust_dir or default_directory()
    if not directory:
        raise UsageError(TEXTS["en"]["no_trust"])
    if args.fetch:
        from checks.fetch import fetch  # noqa: PLC0415  only --fetch needs the network code

        for pin_id, outcome in fetch(directory).items():
            print(f"{pin_id}: {outcome}")
    store = TrustStore.from_directory(directory)
    lines = [f"ok       {anchor.id}  {anchor.name}" for anchor in store.anchors]
    lines += [
        f"missing  {pin['id']}  {pin['name']}  ({pin['generation']} {pin['environment']}: "
        f"certificates from it cannot be accepted)"
        for pin in store.missing
    ]
    lines += [f"refused  {escape(str(path))}  (matches no pin)" for path in store.refused]
    write("".join(line + "\n" for line in lines))
    return 0 if not store.missing else 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m checks",
        description=("Check OCES certificates for STIL's Integrationsplatformen and write the registration request."),
    )
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp):
        sp.add_argument("--at", help="validation time, ISO 8601 (default: now)")
        sp.add_argument("--trust-dir", help="directory of OCES CA certificates (default: $OCES_TRUST_DIR)")
        sp.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="language of the findings")

    c = sub.add_parser("check", help="check certificate files")
    c.add_argument(
        "files", nargs="+", metavar="FILE", help="certificate file (PEM, DER, base64, PKCS#7, PKCS#12; - for stdin)"
    )
    c.add_argument("--json", action="store_true", help="print the JSON report")
    c.add_argument(
        "--summary",
        action="store_true",
        help="print the support summary (for a support request; ends with an oces-check: v1 line)",
    )
    c.add_argument(
        "--password-stdin",
        action="store_true",
        help="read PKCS#12 passwords from stdin: one line for every file, or one line per PKCS#12 file",
    )
    common(c)
    c.set_defaults(func=cmd_check)

    m = sub.add_parser("message", help="write the registration request for STIL's support desk")
    m.add_argument("--test", metavar="FILE", help="certificate for test/preprod")
    m.add_argument("--test-ws", metavar="ID", help="the system's wsBrugerId for test/preprod")
    m.add_argument("--prod", metavar="FILE", help="certificate for production")
    m.add_argument("--prod-ws", metavar="ID", help="the system's wsBrugerId for production")
    m.add_argument("--test-old", metavar="FILE", help="renewal: the old certificate for test/preprod")
    m.add_argument("--prod-old", metavar="FILE", help="renewal: the old certificate for production")
    m.add_argument("--supplier", metavar="TEXT", help="the supplier's name (line Leverandør:)")
    m.add_argument("--system", metavar="TEXT", help="the system's name (line System:)")
    m.add_argument("--contact", metavar="TEXT", help="the contact person (line Kontaktperson:)")
    m.add_argument("--password-stdin", action="store_true", help="read PKCS#12 passwords from stdin")
    common(m)
    m.set_defaults(func=cmd_message)

    t = sub.add_parser("trust", help="list the trust directory's anchors; --fetch downloads missing ones")
    t.add_argument("--trust-dir", help="directory of OCES CA certificates (default: $OCES_TRUST_DIR)")
    t.add_argument("--fetch", action="store_true", help="download missing anchors from the CAs (needs internet)")
    t.set_defaults(func=cmd_trust)
    return p


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # UTF-8 whatever the console's encoding
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    args = parser().parse_args(argv)  # argparse exits with 2 on a usage error
    try:
        return args.func(args)
    except UsageError as e:
        print(f"{parser().prog}: error: {escape(str(e))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`| head -1`): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        _drop_stdout()
        return 1
    except OutputError as e:
        _drop_stdout()
        print(f"{parser().prog}: error: the output could not be written: {escape(str(e))}", file=sys.stderr)
        return 3


def _drop_stdout() -> None:
    """What is left in stdout's buffer goes nowhere, so that Python's flush at exit stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
