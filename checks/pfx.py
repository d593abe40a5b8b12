"""PKCS#12 (.p12/.pfx): the structure read with asn1crypto, and, with a password, the
certificate part opened. One code path for the CLI and the browser; only the ciphers
differ (`cryptography` in the CLI, checks/pkcs12_ciphers.py's pure-Python libraries in
Pyodide), so both say the same about every file.

Without a password: which bags there are, which safe contents are encrypted and with what,
the MAC's digest, and the certificates in unencrypted bags. With one: the MAC is checked
first (it tells a wrong password from an algorithm we cannot open), then only the encrypted
safe contents are decrypted (by convention they hold the certificates). Key bags are never
decrypted: a shrouded key is only matched to its certificate by `localKeyId`, a plain key
bag by its public key. Every iteration count and the amount to decrypt are bounded
(input.toml's [pkcs12.limits]) before any derivation starts.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import keys, pkcs12, x509

from checks.catalogue import Finding, Phrase, PhraseList
from checks.contract import Pkcs12Facts
from checks.datafiles import load as load_data

# The finding codes this module's rules emit (each one's home: tests/test_findings_home.py).
EMITS = (
    "input.unrecognised",
    "input.pkcs12",
    "input.pkcs12-password",
    "input.pkcs12-read",
    "input.pkcs12-no-certificate",
    "input.pkcs12-unsupported",
    "input.pkcs12-iterations",
    "input.pkcs12-too-much",
    "input.pkcs12-truncated",
    "input.pkcs12-damaged-bag",
    "input.pkcs12-unbound",
    "input.pkcs12-key-unmatched",
)

_BAG_KINDS = {
    "cert_bag": "certificate",
    "key_bag": "key",
    "pkcs8_shrouded_key_bag": "shrouded-key",
    "safe_contents": "safe-contents",
    "crl_bag": "crl",
    "secret_bag": "secret",
}
_MAX_NESTING = 4  # SafeContents bags may nest; real files nest once at most
_MAX_BAGS = 64  # real files hold a key and a few certificates


@dataclass
class CertBag:
    der: bytes
    key_id: bytes | None = None  # the bag's localKeyId attribute


@dataclass
class KeyBag:
    key_id: bytes | None = None
    public: bytes | None = None  # the public key's value, when the key bag is plain (not shrouded)


@dataclass
class Structure:
    bags: list[str] = field(default_factory=list)  # certificate | key | shrouded-key | safe-contents | …
    certificate_encryption: str | None = (
        None  # none | pbes2-aes-256-cbc | pbe-sha1-rc2-40 | … ; None: no certificates seen
    )
    key_encryption: str | None = None  # none (a plain key bag) | an algorithm | None: no key seen
    encrypted_contents: list[str] = field(default_factory=list)  # the algorithm of each encrypted safe contents
    mac: str = "none"
    certificates: list[bytes] = field(default_factory=list)  # DER, from certificate bags read so far
    names: dict = field(default_factory=dict)  # report name → the standards' name, for messages
    cert_bags: list[CertBag] = field(default_factory=list)
    key_bags: list[KeyBag] = field(default_factory=list)
    damaged: list[int] = field(default_factory=list)  # the number (1, 2, …) of each bag that could not be read
    _encrypted: list = field(default_factory=list, repr=False)  # (EncryptionAlgorithm | None, ciphertext)
    _mac: Any = field(default=None, repr=False)  # asn1crypto MacData
    _auth_safe: bytes = field(default=b"", repr=False)  # what the MAC covers
    _count: int = 0  # bags seen, for numbering damaged ones

    @property
    def algorithms(self) -> set[str]:
        return {a for a in (self.certificate_encryption, self.key_encryption, *self.encrypted_contents) if a}

    @property
    def legacy(self) -> bool:
        """True when OpenSSL 3 needs `-legacy` to open the file."""
        return bool(self.algorithms & set(_rules()["legacy"]))

    def summary(self) -> Pkcs12Facts:
        """The report's `input.pkcs12`."""
        return {
            "certificate_encryption": self.certificate_encryption,
            "key_encryption": self.key_encryption,
            "mac": self.mac,
            "legacy": self.legacy,
        }


def _rules() -> dict:
    return load_data("input")["pkcs12"]["rules"]


def limits() -> dict:
    return load_data("input")["pkcs12"]["limits"]


def read(der: bytes) -> Structure | None:
    """The structure of a PFX, or None when `der` is not one that asn1crypto can read.
    A bag that cannot be read is counted in `damaged`; the others are still read."""
    try:
        pfx = pkcs12.Pfx.load(der)
        safes = pfx.authenticated_safe
        out = Structure()
        mac_data = pfx["mac_data"]
        if mac_data.native is not None:
            out.mac = _name_of_digest(mac_data["mac"]["digest_algorithm"]["algorithm"])
            out._mac = mac_data
            out._auth_safe = pfx["auth_safe"]["content"].native
        infos = list(safes)
    except Exception:  # asn1crypto raises many kinds on damaged input; then it is no PFX we can read
        return None
    for info in infos:
        try:
            kind = info["content_type"].native
            if kind == "data":
                _read_bags(pkcs12.SafeContents.load(info["content"].native), out, 0)
            elif kind == "encrypted_data":
                content = info["content"]["encrypted_content_info"]
                algorithm = content["content_encryption_algorithm"]
                out.encrypted_contents.append(_name_of(algorithm, out))
                out._encrypted.append((algorithm, content["encrypted_content"].native or b""))
            else:  # enveloped (public-key) PKCS#12: no password opens it
                out.encrypted_contents.append(str(kind))
                out._encrypted.append((None, b""))
        except Exception:  # one damaged safe contents: name it, read the rest
            out._count += 1
            out.damaged.append(out._count)
    # Encrypted safe contents hold the certificates in every common layout (OpenSSL,
    # Windows, Java, cryptography); the key sits in a shrouded key bag beside them.
    if out.encrypted_contents:
        out.certificate_encryption = out.encrypted_contents[0]
    elif out.certificates:
        out.certificate_encryption = "none"
    return out


def _read_bags(contents, out: Structure, depth: int) -> None:
    for bag in contents:
        out._count += 1
        if out._count > _MAX_BAGS:
            return
        try:
            _read_bag(bag, out, depth)
        except Exception:  # asn1crypto raises many kinds on a damaged bag
            out.damaged.append(out._count)


def _read_bag(bag, out: Structure, depth: int) -> None:
    bag_id = bag["bag_id"].native
    out.bags.append(_BAG_KINDS.get(bag_id, str(bag_id)))
    if bag_id == "cert_bag" and bag["bag_value"]["cert_id"].native == "x509":
        der = bytes(bag["bag_value"]["cert_value"])
        _check_certificate(der)
        out.certificates.append(der)
        out.cert_bags.append(CertBag(der, _key_id(bag)))
    elif bag_id == "pkcs8_shrouded_key_bag":
        out.key_encryption = out.key_encryption or _name_of(bag["bag_value"]["encryption_algorithm"], out)
        out.key_bags.append(KeyBag(_key_id(bag)))
    elif bag_id == "key_bag":
        out.key_encryption = out.key_encryption or "none"
        out.key_bags.append(KeyBag(_key_id(bag), _private_key_public(bag["bag_value"])))
    elif bag_id == "safe_contents" and depth < _MAX_NESTING:
        _read_bags(bag["bag_value"], out, depth + 1)


def _check_certificate(der: bytes) -> None:
    """Raises when the bag's bytes are no certificate at all (the outer shape and names)."""
    cert = x509.Certificate.load(der, strict=True)
    cert["tbs_certificate"]["subject"].dump()


def _key_id(bag) -> bytes | None:
    for attribute in bag["bag_attributes"] or []:
        if attribute["type"].native == "local_key_id" and len(attribute["values"]):
            return bytes(attribute["values"][0].native)
    return None


def _private_key_public(info: keys.PrivateKeyInfo) -> bytes | None:
    """The public part of a plain private key (RSA modulus, EC point) to match its certificate."""
    try:
        algorithm = info["private_key_algorithm"]["algorithm"].native
        if algorithm == "rsa":
            return _int_bytes(info["private_key"].parsed["modulus"].native)
        if algorithm == "ec":
            point = info["private_key"].parsed["public_key"].native
            return bytes(point) if point else None
    except Exception:  # an unreadable key: matched by localKeyId only
        return None
    return None


def certificate_public(der: bytes) -> bytes | None:
    try:
        key = x509.Certificate.load(der).public_key
        algorithm = key["algorithm"]["algorithm"].native
        if algorithm == "rsa":
            return _int_bytes(key["public_key"].parsed["modulus"].native)
        if algorithm == "ec":
            return bytes(key["public_key"].native)
    except Exception:  # a damaged certificate matches no key
        return None
    return None


def _int_bytes(n: int) -> bytes:
    return n.to_bytes((n.bit_length() + 7) // 8 or 1, "big")


def _name_of(algorithm, out: Structure) -> str:
    """The report's name of an EncryptionAlgorithm, e.g. pbes2-aes-256-cbc; an unknown one by OID."""
    table = load_data("input")["pkcs12"]
    name = algorithm["algorithm"].native
    if name == "pbes2":
        cipher = algorithm["parameters"]["encryption_scheme"]["algorithm"].native
        label, display = table["pbes2"].get(cipher, [f"pbes2-{cipher}", f"PBES2 {cipher}"])
    else:
        label, display = table["pbe"].get(name, [str(name), str(name)])
    out.names[label] = display
    return label


def _name_of_digest(oid) -> str:
    """sha256, sha1, …; an algorithm asn1crypto does not name (e.g. PBMAC1) by its dotted OID."""
    return str(oid.native)


def looks_truncated(der: bytes) -> bool:
    """The start of a PFX (SEQUENCE { INTEGER 3, SEQUENCE …) whose outer length runs past
    the end of the data: a .p12 cut off on the way."""
    head = der[:2]
    if head[:1] != b"\x30" or len(der) < 8:
        return False
    first = der[1]
    if first & 0x80:
        size = first & 0x7F
        if not 1 <= size <= 4 or len(der) < 2 + size:
            return False
        length, start = int.from_bytes(der[2 : 2 + size], "big"), 2 + size
    else:
        length, start = first, 2
    return (
        der[start : start + 3] == b"\x02\x01\x03"
        and der[start + 3 : start + 4] == b"\x30"
        and start + length > len(der)
    )


# --- opening with a password -------------------------------------------------------------------


class PKCS12PasswordNeeded(Exception):
    """Raised by a password source that has no password to give."""


class PKCS12WrongPassword(ValueError):
    """The password does not open the file (the MAC, or without one the padding, fails)."""


class PKCS12Unsupported(Exception):
    """The file uses an algorithm the ciphers at hand cannot open."""


@dataclass
class Opener:
    """A password and the ciphers to open a PKCS#12 file with.

    `password`: called when the file needs one (the CLI prompts then); returns bytes, or
    raises PKCS12PasswordNeeded. `ciphers`: an object with `decrypt(cipher, key, iv, data)`
    for cipher in "aes", "tripledes", "rc2", and `names`, the set of those it has."""

    password: Callable[[], bytes]
    ciphers: object


def bmp_password(password: bytes) -> bytes:
    """RFC 7292 B.1: the password as a BMPString with two zero bytes at the end."""
    try:
        text = password.decode("utf-8")
    except UnicodeDecodeError:
        text = password.decode("latin-1")
    return text.encode("utf-16-be") + b"\x00\x00" if text else b""


def pkcs12_kdf(digest: str, password: bytes, salt: bytes, purpose: int, iterations: int, size: int) -> bytes:
    """RFC 7292 appendix B.2: key (purpose 1), IV (2) or MAC key (3) from a BMP password."""
    u, v = hashlib.new(digest).digest_size, hashlib.new(digest).block_size
    d = bytes([purpose]) * v
    s = (salt * (v // len(salt) + 1))[: v * -(-len(salt) // v)] if salt else b""
    p = (password * (v // len(password) + 1))[: v * -(-len(password) // v)] if password else b""
    i = bytearray(s + p)
    out = b""
    while len(out) < size:
        a = hashlib.new(digest, d + bytes(i)).digest()
        for _ in range(iterations - 1):
            a = hashlib.new(digest, a).digest()
        out += a
        if len(out) >= size:
            break
        b = int.from_bytes((a * (v // u + 1))[:v], "big")
        for j in range(0, len(i), v):
            block = (int.from_bytes(i[j : j + v], "big") + b + 1) % (1 << (8 * v))
            i[j : j + v] = block.to_bytes(v, "big")
    return out[:size]


def pbkdf2(digest: str, password: bytes, salt: bytes, iterations: int, size: int) -> bytes:
    """RFC 8018 PBKDF2-HMAC; hashlib's when it has one (CPython), else over `hmac` (Pyodide's
    hashlib has no pbkdf2_hmac)."""
    if hasattr(hashlib, "pbkdf2_hmac"):
        return hashlib.pbkdf2_hmac(digest, password, salt, iterations, size)
    base = hmac.new(password, digestmod=digest)
    out, block = b"", 1
    while len(out) < size:
        mac = base.copy()
        mac.update(salt + block.to_bytes(4, "big"))
        u = mac.digest()
        acc = int.from_bytes(u, "big")
        for _ in range(iterations - 1):
            mac = base.copy()
            mac.update(u)
            u = mac.digest()
            acc ^= int.from_bytes(u, "big")
        out += acc.to_bytes(len(u), "big")
        block += 1
    return out[:size]


_PBES2_PRF = {"sha1", "sha224", "sha256", "sha384", "sha512"}
_MAC_DIGESTS = {"sha1", "sha224", "sha256", "sha384", "sha512"}
_PKCS12_PBE = {
    "pkcs12_sha1_tripledes_3key": ("tripledes", 24),
    "pkcs12_sha1_tripledes_2key": ("tripledes", 16),
    "pkcs12_sha1_rc2_40": ("rc2", 5),
    "pkcs12_sha1_rc2_128": ("rc2", 16),
}
_PBES2_CIPHERS = {
    "aes128_cbc": ("aes", 16),
    "aes192_cbc": ("aes", 24),
    "aes256_cbc": ("aes", 32),
    "tripledes_3key": ("tripledes", 24),
}


def _plan(algorithm) -> tuple[str, str, int, bytes, str] | None:
    """(kdf, digest, iterations, salt, …) of an encryption algorithm we can open, else None."""
    if algorithm is None:
        return None
    name = algorithm["algorithm"].native
    if name in _PKCS12_PBE:
        params = algorithm["parameters"]
        return ("pkcs12", "sha1", int(params["iterations"].native), bytes(params["salt"].native), name)
    if name == "pbes2":
        params = algorithm["parameters"]
        kdf, scheme = params["key_derivation_func"], params["encryption_scheme"]
        if kdf["algorithm"].native != "pbkdf2" or scheme["algorithm"].native not in _PBES2_CIPHERS:
            return None
        prf = algorithm.kdf_hmac
        if prf not in _PBES2_PRF or not isinstance(kdf["parameters"]["salt"].native, bytes):
            return None
        return ("pbkdf2", prf, int(algorithm.kdf_iterations), bytes(algorithm.kdf_salt), scheme["algorithm"].native)
    return None


def _iterations(structure: Structure) -> list[int]:
    counts = []
    if structure._mac is not None:
        counts.append(int(structure._mac["iterations"].native or 1))
    for algorithm, _ in structure._encrypted:
        try:
            plan = _plan(algorithm)
        except Exception:  # an unreadable parameter: the algorithm is reported as unsupported
            plan = None
        if plan:
            counts.append(plan[2])
    return counts


def _verify_mac(structure: Structure, password: bytes) -> bytes | None:
    """The BMP password the MAC accepts (empty passwords have two encodings), or None."""
    mac = structure._mac
    digest = structure.mac
    salt = bytes(mac["mac_salt"].native)
    iterations = int(mac["iterations"].native or 1)
    expected = bytes(mac["mac"]["digest"].native)
    candidates = [bmp_password(password)] + ([b"\x00\x00"] if not password else [])
    for bmp in candidates:
        key = pkcs12_kdf(digest, bmp, salt, 3, iterations, hashlib.new(digest).digest_size)
        if hmac.compare_digest(hmac.new(key, structure._auth_safe, digest).digest(), expected):
            return bmp
    return None


def _unpad(data: bytes, block: int) -> bytes:
    n = data[-1] if data else 0
    if not data or len(data) % block or not 1 <= n <= block or data[-n:] != bytes([n]) * n:
        raise PKCS12WrongPassword()
    return data[:-n]


def _decrypt(algorithm, ciphertext: bytes, password: bytes, bmp: bytes, ciphers) -> bytes:
    planned = _plan(algorithm)
    if planned is None:  # _unsupported_names has refused such a file before any decryption
        raise PKCS12Unsupported(str(algorithm))
    kdf, digest, iterations, salt, name = planned
    if kdf == "pkcs12":
        cipher, size = _PKCS12_PBE[name]
        key = pkcs12_kdf(digest, bmp, salt, 1, iterations, size)
        iv = pkcs12_kdf(digest, bmp, salt, 2, iterations, 8)
    else:
        cipher, size = _PBES2_CIPHERS[name]
        key = pbkdf2(digest, password, salt, iterations, size)
        iv = bytes(algorithm.encryption_iv)
    if cipher == "tripledes" and size == 16:
        key += key[:8]  # two-key triple DES: K1 K2 K1
    block = 16 if cipher == "aes" else 8
    if not ciphertext or len(ciphertext) % block:
        raise PKCS12WrongPassword()
    return _unpad(ciphers.decrypt(cipher, key, iv, ciphertext), block)


def open_certificates(structure: Structure, opener: Opener) -> Finding | None:
    """Opens the encrypted safe contents into `structure`'s certificate bags; or the finding
    why not (password needed, wrong password, unsupported, too many iterations, too large)."""
    bounds = limits()
    counts = _iterations(structure)
    if counts and max(counts) > bounds["iterations"]:
        return Finding("input.pkcs12-iterations", {"count": max(counts), "limit": bounds["iterations"]})
    total = sum(len(c) for _, c in structure._encrypted)
    tripledes = sum(len(c) for a, c in structure._encrypted if _cipher_of(a) == "tripledes")
    for size, limit in ((total, bounds["ciphertext"]), (tripledes, bounds["ciphertext-tripledes"])):
        if size > limit:
            return Finding("input.pkcs12-too-much", {"size": size, "limit": limit})
    unsupported = _unsupported_names(structure, opener.ciphers)
    if structure._mac is not None and structure.mac not in _MAC_DIGESTS:
        return _unsupported_finding(structure, unsupported + [structure.mac])
    try:
        password = opener.password()
    except PKCS12PasswordNeeded:
        return explain(structure)
    if password is None:
        return explain(structure)
    bmp = bmp_password(password)
    if structure._mac is not None:
        accepted = _verify_mac(structure, password)
        if accepted is None:
            return Finding("input.pkcs12-password")
        bmp = accepted
    if unsupported:
        return _unsupported_finding(structure, unsupported)
    opened_any = False
    for index, (algorithm, ciphertext) in enumerate(structure._encrypted):
        try:
            plain = _decrypt(algorithm, ciphertext, password, bmp, opener.ciphers)
            _read_bags(pkcs12.SafeContents.load(plain), structure, 0)
            opened_any = True
        except PKCS12WrongPassword:
            if structure._mac is None and not opened_any and index == len(structure._encrypted) - 1:
                return Finding("input.pkcs12-password")  # no MAC: the padding is all that tells
            structure._count += 1
            structure.damaged.append(structure._count)
        except Exception:  # decrypted, but no safe contents: a damaged part
            if structure._mac is None:
                return Finding("input.pkcs12-password")
            structure._count += 1
            structure.damaged.append(structure._count)
    return None


def _cipher_of(algorithm) -> str | None:
    try:
        plan = _plan(algorithm)
    except Exception:  # unreadable parameters
        return None
    cipher = (_PKCS12_PBE.get(plan[4]) or _PBES2_CIPHERS.get(plan[4])) if plan else None
    return cipher[0] if cipher else None


def _unsupported_names(structure: Structure, ciphers) -> list[str]:
    return [
        label
        for (algorithm, _), label in zip(structure._encrypted, structure.encrypted_contents)
        if _cipher_of(algorithm) not in ciphers.names
    ]


def _unsupported_finding(structure: Structure, names: list[str]) -> Finding:
    shown = ", ".join(dict.fromkeys(structure.names.get(a, a) for a in names))
    return Finding("input.pkcs12-unsupported", {"algorithm": shown})


# --- which certificate is the file's own ---------------------------------------------------------


def own_certificates(structure: Structure, opened: bool = True) -> tuple[list[bytes], list[Finding]]:
    """The certificates, the one bound to the file's key first; and findings: a damaged bag,
    an end-entity certificate that belongs to no key, a key that matches no certificate.

    Bound means the same localKeyId, or, for a plain key bag, the same public key. When the
    key carries no localKeyId and is shrouded, nothing tells: the usual leaf choice applies."""
    findings = [Finding("input.pkcs12-damaged-bag", {"number": n}) for n in structure.damaged]
    bags = _distinct_bags(structure.cert_bags)
    keys_ = structure.key_bags
    if not bags:
        return [], findings + [explain(structure)]
    if not keys_:
        return [b.der for b in bags], findings
    ids = {k.key_id for k in keys_ if k.key_id}
    publics = {k.public for k in keys_ if k.public}
    if not ids and not publics:
        return [b.der for b in bags], findings
    bound = [b for b in bags if (b.key_id and b.key_id in ids) or (publics and certificate_public(b.der) in publics)]
    if not bound and structure.encrypted_contents and not opened:
        return [], findings + [explain(structure)]  # the key's certificate may be in the part not opened
    if not bound:
        names = ", ".join(_cn(b.der) for b in bags)
        return [], findings + [Finding("input.pkcs12-key-unmatched", {"certificates": names or "–"})]
    leaf = bound[0]
    others = [b for b in bags if b is not leaf]
    for other in others:
        if not _is_ca(other.der) and other not in bound:
            findings.append(Finding("input.pkcs12-unbound", {"certificate": _cn(other.der), "leaf": _cn(leaf.der)}))
    # Only the key's certificate and CA certificates go on: an unbound end-entity
    # certificate must not be taken as the file's own.
    return [leaf.der] + [b.der for b in others if _is_ca(b.der)], findings


def _distinct_bags(bags: list[CertBag]) -> list[CertBag]:
    out, seen = [], set()
    for bag in bags:
        if bag.der not in seen:
            seen.add(bag.der)
            out.append(bag)
    return out


def _cn(der: bytes) -> str:
    try:
        subject = x509.Certificate.load(der).subject
        return subject.native.get("common_name") or subject.human_friendly
    except Exception:  # a damaged name
        return "?"


def _is_ca(der: bytes) -> bool:
    try:
        return bool(x509.Certificate.load(der).ca)
    except Exception:  # a damaged extension: not taken as a CA
        return False


# --- findings ----------------------------------------------------------------------------------


def explain(structure: Structure) -> Finding:
    """Why no certificate could be read without a password, and the export that works."""
    if not structure.encrypted_contents:
        return Finding("input.pkcs12-no-certificate")
    words = "input.pkcs12.words"

    def named(part: str, name: str | None) -> Phrase:
        return Phrase(words, part, (("name", name),))

    uses = [
        named("certificates", structure.names.get(structure.certificate_encryption, structure.certificate_encryption))
    ]
    if structure.key_encryption and structure.key_encryption != "none":
        uses.append(named("key", structure.names.get(structure.key_encryption, structure.key_encryption)))
    uses.append(named("mac", _digest_display(structure.mac)) if structure.mac != "none" else Phrase(words, "no-mac"))
    params = {"uses": PhraseList(tuple(uses), "comma"), "command": export_command(structure)}
    return Finding("input.pkcs12", params)


def export_command(structure: Structure) -> Phrase:
    """OpenSSL 3's command that writes the certificate of this file to cert.pem (the file's
    name in the reader's language)."""
    options = ["-nokeys"]
    if structure.key_encryption:  # -clcerts keeps the key's own certificate; without a key it keeps none
        options.append("-clcerts")
    if structure.legacy:
        options.append("-legacy")
    file = Phrase("input.pkcs12.words", "file")
    return Phrase("input.pkcs12.words", "command", (("file", file), ("options", " ".join(options))))


def _digest_display(name: str) -> str:
    return name.upper().replace("SHA", "SHA-", 1) if name.startswith("sha") else name


def needs_password(structure: Structure) -> bool:
    """Whether a password would show more: encrypted safe contents we have not opened."""
    return bool(structure.encrypted_contents)


def load_certificates(der: bytes, opener: Opener | None) -> tuple[Structure | None, list[bytes], list[Finding]]:
    """The whole PKCS#12 path: (structure, certificates with the file's own first, findings).
    With no certificate, `findings` says why; checks/load.py wraps the result."""
    structure = read(der)
    if structure is None:
        return None, [], [Finding("input.pkcs12-truncated") if looks_truncated(der) else Finding("input.unrecognised")]
    opened = False
    if structure.encrypted_contents and opener is not None:
        problem = open_certificates(structure, opener)
        if problem is not None:
            return structure, [], [problem]
        opened = True
    ders, findings = own_certificates(structure, opened)
    if not ders:
        return structure, [], findings
    if not opened:
        findings.insert(0, Finding("input.pkcs12-read"))
    return structure, ders, findings
