"""A local certificate authority and a 127.0.0.1 server certificate for `emulator serve` (made once, reused)."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import ipaddress
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VALID_DAYS = 365
RENEW_BEFORE = dt.timedelta(days=7)


@dataclass(frozen=True)
class TlsFiles:
    ca_bundle: Path
    cert: Path
    key: Path


@contextlib.contextmanager
def made_once(directory: Path) -> Iterator[None]:
    """Exclusive lock on ``directory`` (created if missing) while its files are checked and made.

    Several processes, or the environments of one fleet run in threads, may start at once: one makes
    the key or certificates, the others wait and then use them.
    """
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "a+") as lock:  # (flock: one open file each, so threads exclude each other too)
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        yield


def ensure_tls(directory: Path) -> TlsFiles:
    """CA + server certificate files in ``directory``; new ones when missing or about to expire."""
    files = TlsFiles(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    if all(p.is_file() for p in (files.ca_bundle, files.cert, files.key)) and _still_valid(files.cert):
        return files
    with made_once(directory):
        if all(p.is_file() for p in (files.ca_bundle, files.cert, files.key)) and _still_valid(files.cert):
            return files
        return _make_tls(files)


def _make_tls(files: TlsFiles) -> TlsFiles:
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "aoai-provision emulator local CA")])
    ca_cert = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                    x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    _write(files.key, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption()), private=True)
    _write(files.cert, cert.public_bytes(serialization.Encoding.PEM))
    _write(files.ca_bundle, ca_cert.public_bytes(serialization.Encoding.PEM))
    return files


def _still_valid(path: Path) -> bool:
    try:
        cert = x509.load_pem_x509_certificate(path.read_bytes())
    except (OSError, ValueError):
        return False
    return cert.not_valid_after_utc - RENEW_BEFORE > dt.datetime.now(dt.UTC)


def write_private(path: Path, data: bytes) -> None:
    """Write a secret file readable by its owner only (atomically)."""
    _write(path, data, private=True)


def _write(path: Path, data: bytes, private: bool = False) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
