"""The structure of a PKCS#12 (.p12/.pfx) file, read with asn1crypto without a password.

Says which bags there are, which safe contents are encrypted and with what, and the MAC's
digest; returns the certificates that sit in unencrypted bags. Nothing is decrypted and
key bags are never read beyond their encryption algorithm.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from asn1crypto import pkcs12

from checks.catalogue import Finding
from checks.datafiles import load as load_data

_BAG_KINDS = {"cert_bag": "certificate", "key_bag": "key", "pkcs8_shrouded_key_bag": "shrouded-key",
              "safe_contents": "safe-contents", "crl_bag": "crl", "secret_bag": "secret"}
_MAX_NESTING = 4  # SafeContents bags may nest; real files nest once at most


@dataclass
class Structure:
    bags: list[str] = field(default_factory=list)  # certificate | key | shrouded-key | safe-contents | …
    certificate_encryption: str | None = None  # none | pbes2-aes-256-cbc | pbe-sha1-rc2-40 | … ; None: no certificates seen
    key_encryption: str | None = None  # none (a plain key bag) | an algorithm | None: no key seen
    encrypted_contents: list[str] = field(default_factory=list)  # the algorithm of each encrypted safe contents
    mac: str = "none"
    certificates: list[bytes] = field(default_factory=list)  # DER, from unencrypted certificate bags
    names: dict = field(default_factory=dict)  # report name → the standards' name, for messages

    @property
    def algorithms(self) -> set[str]:
        return {a for a in (self.certificate_encryption, self.key_encryption, *self.encrypted_contents) if a}

    @property
    def legacy(self) -> bool:
        """True when OpenSSL 3 needs `-legacy` to open the file."""
        return bool(self.algorithms & set(_rules()["legacy"]))

    @property
    def openable(self) -> bool:
        """Whether the CLI's `cryptography` can open it (the MAC included)."""
        rules = _rules()
        return self.algorithms <= set(rules["openable"]) and self.mac in rules["macs"]

    def summary(self) -> dict:
        """The report's `input.pkcs12`."""
        return {"certificate_encryption": self.certificate_encryption, "key_encryption": self.key_encryption,
                "mac": self.mac, "legacy": self.legacy}


def _rules() -> dict:
    return load_data("input")["pkcs12"]["rules"]


def read(der: bytes) -> Structure | None:
    """The structure of a PFX, or None when `der` is not one that asn1crypto can read."""
    try:
        pfx = pkcs12.Pfx.load(der)
        safes = pfx.authenticated_safe
        out = Structure()
        mac_data = pfx["mac_data"]
        if mac_data.native is not None:
            out.mac = _name_of_digest(mac_data["mac"]["digest_algorithm"]["algorithm"])
        for info in safes:
            kind = info["content_type"].native
            if kind == "data":
                _read_bags(pkcs12.SafeContents.load(info["content"].native), out, 0)
            elif kind == "encrypted_data":
                algorithm = info["content"]["encrypted_content_info"]["content_encryption_algorithm"]
                out.encrypted_contents.append(_name_of(algorithm, out))
            else:  # enveloped (public-key) PKCS#12: no password opens it
                out.encrypted_contents.append(str(kind))
        # Encrypted safe contents hold the certificates in every common layout (OpenSSL,
        # Windows, Java, cryptography); the key sits in a shrouded key bag beside them.
        if out.encrypted_contents:
            out.certificate_encryption = out.encrypted_contents[0]
        elif out.certificates:
            out.certificate_encryption = "none"
        return out
    except Exception:  # asn1crypto raises many kinds on damaged input; then it is no PFX we can read
        return None


def _read_bags(contents, out: Structure, depth: int) -> None:
    for bag in contents:
        bag_id = bag["bag_id"].native
        out.bags.append(_BAG_KINDS.get(bag_id, str(bag_id)))
        if bag_id == "cert_bag" and bag["bag_value"]["cert_id"].native == "x509":
            out.certificates.append(bytes(bag["bag_value"]["cert_value"]))
        elif bag_id == "pkcs8_shrouded_key_bag":
            out.key_encryption = out.key_encryption or _name_of(bag["bag_value"]["encryption_algorithm"], out)
        elif bag_id == "key_bag":
            out.key_encryption = out.key_encryption or "none"
        elif bag_id == "safe_contents" and depth < _MAX_NESTING:
            _read_bags(bag["bag_value"], out, depth + 1)


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


class PKCS12PasswordNeeded(Exception):
    """Raised by an opener that has no password to try."""


class PKCS12WrongPassword(ValueError):
    """Raised by an opener when the password does not open the file (the MAC fails)."""


class PKCS12Unsupported(Exception):
    """Raised by an opener when the file uses an algorithm it cannot open."""


def explain(structure: Structure) -> Finding:
    """Why no certificate could be read without a password, and the export that works."""
    if not structure.encrypted_contents:
        return Finding("input.pkcs12-no-certificate")
    words = load_data("input")["pkcs12"]["words"]
    params = {}
    for lang in ("da", "en"):
        uses = [words["certificates"][lang].format(name=structure.names.get(structure.certificate_encryption,
                                                                             structure.certificate_encryption))]
        if structure.key_encryption and structure.key_encryption != "none":
            uses.append(words["key"][lang].format(name=structure.names.get(structure.key_encryption,
                                                                           structure.key_encryption)))
        uses.append(words["mac"][lang].format(name=_digest_display(structure.mac)) if structure.mac != "none"
                    else words["no-mac"][lang])
        params[f"uses_{lang}"] = ", ".join(uses)
        params[f"command_{lang}"] = export_command(structure, words["file"][lang])
    return Finding("input.pkcs12", params)


def export_command(structure: Structure, file: str) -> str:
    """OpenSSL 3's command that writes the certificate of this file to cert.pem."""
    parts = ["openssl pkcs12", f"-in {file}", "-nokeys"]
    if structure.key_encryption:  # -clcerts keeps the key's own certificate; without a key it keeps none
        parts.append("-clcerts")
    if structure.legacy:
        parts.append("-legacy")
    return " ".join(parts + ["-out cert.pem"])


def _digest_display(name: str) -> str:
    return name.upper().replace("SHA", "SHA-", 1) if name.startswith("sha") else name


def open_with(opener, der: bytes, structure: Structure) -> list[bytes] | Finding:
    """The certificates the opener finds (DER), or the finding why it could not open the file.

    The opener cannot say whether the MAC failed or the cipher is unknown to it; when every
    algorithm is one it opens, a failure is the password, otherwise the algorithm."""
    try:
        return list(opener(der))
    except PKCS12PasswordNeeded:
        return explain(structure)
    except PKCS12Unsupported:
        return _unsupported(structure)
    except ValueError:
        return Finding("input.pkcs12-password") if structure.openable else _unsupported(structure)


def _unsupported(structure: Structure) -> Finding:
    rules = _rules()
    names = sorted(structure.algorithms - set(rules["openable"]))
    if structure.mac not in rules["macs"]:
        names.append(structure.mac)
    shown = ", ".join(structure.names.get(a, a) for a in names) or ", ".join(
        structure.names.get(a, a) for a in sorted(structure.algorithms))
    return Finding("input.pkcs12-unsupported", {"algorithm": shown})
