#!/usr/bin/env python3
"""Independent SRTP/SRTCP known-answer vectors with a non-zero rollover counter.

Written from RFC 3711 (sections 3.3, 3.4, 4.1.1, 4.2, 4.3) and RFC 7714 (sections 8, 9, 11) using only the
`cryptography` package's raw AES-ECB, AES-GCM and HMAC-SHA1 -- no code shared with src/Sfu/Crypto. The
hex it prints is pasted into ../SrtpRolloverVectorTests.cs. Run: python3 srtp_roc1_vectors.py
"""
import hashlib
import hmac
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MASTER_KEY = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")
CM_MASTER_SALT = bytes.fromhex("f0f1f2f3f4f5f6f7f8f9fafbfcfd")  # 112 bits
GCM_MASTER_SALT = bytes.fromhex("a0a1a2a3a4a5a6a7a8a9aaab")  # 96 bits
SSRC = 0xCAFEBABE


def aes_ctr_keystream(key: bytes, iv16: bytes, length: int) -> bytes:
    """AES-CM (RFC 3711 4.1.1): block i of the keystream is AES(key, IV + i)."""
    ecb = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    counter = int.from_bytes(iv16, "big")
    out = b""
    while len(out) < length:
        out += ecb.update(counter.to_bytes(16, "big"))
        counter = (counter + 1) % (1 << 128)
    return out[:length]


def xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b))


def derive(master_key: bytes, master_salt: bytes, label: int, length: int) -> bytes:
    """RFC 3711 4.3.1/4.3.3 with kdr = 0: x = (label || 0^48) XOR master_salt, keystream from x * 2^16.
    A 96-bit GCM salt is first zero-padded on the right to 112 bits (RFC 7714 section 11, as libsrtp does)."""
    salt = int.from_bytes(master_salt.ljust(14, b"\0"), "big")
    x = salt ^ (label << 48)
    return aes_ctr_keystream(master_key, (x << 16).to_bytes(16, "big"), length)


def cm_keys(key, salt):
    return dict(rtp_key=derive(key, salt, 0, 16), rtp_auth=derive(key, salt, 1, 20), rtp_salt=derive(key, salt, 2, 14),
                rtcp_key=derive(key, salt, 3, 16), rtcp_auth=derive(key, salt, 4, 20), rtcp_salt=derive(key, salt, 5, 14))


def gcm_keys(key, salt):
    return dict(rtp_key=derive(key, salt, 0, 16), rtp_salt=derive(key, salt, 2, 12),
                rtcp_key=derive(key, salt, 3, 16), rtcp_salt=derive(key, salt, 5, 12))


def rtp_packet(seq: int) -> tuple[bytes, bytes]:
    """V=2, X=1, PT 96, one one-byte-header extension element (id 2, 3 bytes), 40-byte payload."""
    header = struct.pack(">BBHII", 0x90, 96, seq, 0x00012345 + seq * 3000, SSRC)
    header += bytes.fromhex("bede0001" "22123456")
    payload = bytes((seq + i) & 0xFF for i in range(40))
    return header, payload


def cm_protect_rtp(keys, header, payload, roc):
    seq, ssrc = struct.unpack(">H", header[2:4])[0], struct.unpack(">I", header[8:12])[0]
    index = (roc << 16) | seq
    salt = int.from_bytes(keys["rtp_salt"], "big")
    iv = ((salt << 16) ^ (ssrc << 64) ^ (index << 16)).to_bytes(16, "big")
    encrypted = header + xor(payload, aes_ctr_keystream(keys["rtp_key"], iv, len(payload)))
    # RFC 3711 4.2: the authenticated portion is the packet followed by the 32-bit ROC.
    tag = hmac.new(keys["rtp_auth"], encrypted + struct.pack(">I", roc), hashlib.sha1).digest()[:10]
    return encrypted + tag


def gcm_protect_rtp(keys, header, payload, roc):
    seq, ssrc = struct.unpack(">H", header[2:4])[0], struct.unpack(">I", header[8:12])[0]
    # RFC 7714 8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt.
    iv = xor(struct.pack(">HIIH", 0, ssrc, roc, seq), keys["rtp_salt"])
    return header + AESGCM(keys["rtp_key"]).encrypt(iv, payload, header)


def rtcp_packet() -> bytes:
    """A receiver report with one report block (32 bytes)."""
    body = struct.pack(">BBHI", 0x81, 201, 7, SSRC)
    body += struct.pack(">IIIIII", 0x11223344, 0x01000010, 0x00010005, 0x00000020, 0x89ABCDEF, 0x00000100)
    return body


def cm_protect_rtcp(keys, packet, index):
    salt = int.from_bytes(keys["rtcp_salt"], "big")
    iv = ((salt << 16) ^ (SSRC << 64) ^ (index << 16)).to_bytes(16, "big")
    encrypted = packet[:8] + xor(packet[8:], aes_ctr_keystream(keys["rtcp_key"], iv, len(packet) - 8))
    encrypted += struct.pack(">I", 0x80000000 | index)
    return encrypted + hmac.new(keys["rtcp_auth"], encrypted, hashlib.sha1).digest()[:10]


def gcm_protect_rtcp(keys, packet, index):
    # RFC 7714 9.1: IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt; 9.2: AAD = header || E|index.
    iv = xor(struct.pack(">HIHI", 0, SSRC, 0, index), keys["rtcp_salt"])
    word = struct.pack(">I", 0x80000000 | index)
    return packet[:8] + AESGCM(keys["rtcp_key"]).encrypt(iv, packet[8:], packet[:8] + word) + word


def show(name, data):
    print(f"{name} ({len(data)} bytes):")
    for i in range(0, len(data), 32):
        print("    " + " ".join(data[j:j + 4].hex() for j in range(i, min(i + 32, len(data)), 4)))


def self_check():
    """The same functions reproduce the published vectors (ROC 0) before they are trusted for ROC 1."""
    b3_key, b3_salt = bytes.fromhex("e1f97a0d3e018be0d64fa32c06de4139"), bytes.fromhex("0ec675ad498afeebb6960b3aabe6")
    b3 = cm_keys(b3_key, b3_salt)
    assert b3["rtp_key"].hex() == "c61e7a93744f39ee10734afe3ff7a087"  # RFC 3711 B.3
    assert b3["rtp_salt"].hex() == "30cbbc08863d8c85d49db34a9ae1"
    assert b3["rtp_auth"].hex() == "cebe321f6ff7716b6fd4ab49af256a156d38baa4"
    libsrtp = cm_protect_rtp(b3, bytes.fromhex("800f1234decafbadcafebabe"), b"\xab" * 16, 0)  # libsrtp srtp_driver.c
    assert libsrtp.hex() == "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb"
    rfc7714 = dict(rtp_key=bytes(range(16)), rtp_salt=b"Quid pro quo")  # RFC 7714 16.1.1
    sealed = gcm_protect_rtp(rfc7714, bytes.fromhex("8040f17b8041f8d35501a0b2"), b"Gallia est omnis divisa in partes tres", 0)
    assert sealed[-16:].hex() == "899d7f27beb16a9152cf765ee4390cce"


if __name__ == "__main__":
    self_check()
    cm = cm_keys(MASTER_KEY, CM_MASTER_SALT)
    gcm = gcm_keys(MASTER_KEY, GCM_MASTER_SALT)
    for name, value in cm.items():
        show("cm " + name, value)
    for name, value in gcm.items():
        show("gcm " + name, value)

    before_header, before_payload = rtp_packet(0xFFFE)  # last packet before the wrap, ROC 0
    after_header, after_payload = rtp_packet(0x0005)  # after the wrap, ROC 1
    show("rtp plain seq 0xfffe", before_header + before_payload)
    show("rtp plain seq 0x0005", after_header + after_payload)
    show("cm rtp seq 0xfffe roc 0", cm_protect_rtp(cm, before_header, before_payload, 0))
    show("cm rtp seq 0x0005 roc 1", cm_protect_rtp(cm, after_header, after_payload, 1))
    show("gcm rtp seq 0xfffe roc 0", gcm_protect_rtp(gcm, before_header, before_payload, 0))
    show("gcm rtp seq 0x0005 roc 1", gcm_protect_rtp(gcm, after_header, after_payload, 1))

    rtcp = rtcp_packet()
    show("rtcp plain", rtcp)
    show("cm srtcp index 0x01234567", cm_protect_rtcp(cm, rtcp, 0x01234567))
    show("gcm srtcp index 0x01234567", gcm_protect_rtcp(gcm, rtcp, 0x01234567))
