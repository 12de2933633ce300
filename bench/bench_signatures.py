"""Signing and verifying 50,000 declarations: microseconds per operation, and the speed-up on 2 cores. No target of
its own: the design's measure of one Ed25519 check (libsodium ≈ 46 µs, OpenSSL ≈ 95 µs) is printed beside ours.

.venv/bin/python bench/bench_signatures.py [--count 50000]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.data import declarations
from desktop.crypto.payloads import countersign_payload, officer_payload
from desktop.crypto.signing import SigningKey, verify_signature
from desktop.crypto.verification import bulk_verify_signature, verify_declaration, verify_many
from desktop.domain.signed import Countersignature, OfficerSignature, SignedDeclaration

OFFICER_KEY = SigningKey.from_raw(bytes(range(32)))
HEAD_KEY = SigningKey.from_raw(bytes(range(32, 64)))
KEYS = {OFFICER_KEY.fingerprint: OFFICER_KEY.public_key, HEAD_KEY.fingerprint: HEAD_KEY.public_key}
COMMITMENT_TEXT = "本人承诺：如实填报本人及亲属经商办企业情况，无隐瞒、无漏报。"
COMMITMENT = hashlib.sha256(COMMITMENT_TEXT.encode("utf-8")).hexdigest()


def sign_all(items: list) -> list[SignedDeclaration]:
    signed = []
    for index, declaration in enumerate(items):
        officer = OfficerSignature(f"{index:032x}", 1, COMMITMENT, OFFICER_KEY.fingerprint, "2026-11-21T09:30:00Z", b"")
        payload = officer_payload(
            declaration,
            declaration_id=officer.declaration_id,
            version=1,
            commitment_sha256=COMMITMENT,
            signer_fingerprint=OFFICER_KEY.fingerprint,
            signed_at=officer.signed_at,
        )
        officer = OfficerSignature(
            officer.declaration_id, 1, COMMITMENT, OFFICER_KEY.fingerprint, officer.signed_at, OFFICER_KEY.sign(payload)
        )
        counter_payload = countersign_payload(
            payload,
            officer.signature,
            officer_public_key=OFFICER_KEY.public_key,
            opinion="经核对，填报属实。",
            countersigner_fingerprint=HEAD_KEY.fingerprint,
            countersigned_at="2026-11-22T09:30:00Z",
        )
        counter = Countersignature(
            OFFICER_KEY.public_key,
            "经核对，填报属实。",
            HEAD_KEY.fingerprint,
            "2026-11-22T09:30:00Z",
            HEAD_KEY.sign(counter_payload),
        )
        signed.append(SignedDeclaration(declaration, officer, counter))
    return signed


def verify_chunk(chunk: list[SignedDeclaration]) -> int:
    return sum(verify_declaration(s, KEYS.get, expected_commitment_sha256=COMMITMENT).valid for s in chunk)


def chunks(items: list, parts: int) -> list[list]:
    size = (len(items) + parts - 1) // parts
    return [items[i : i + size] for i in range(0, len(items), size)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=50_000)
    args = parser.parse_args()
    n = args.count
    started = time.perf_counter()
    items = declarations(n)
    print(
        f"generated {n} declarations ({sum(len(d.interests) for d in items)} interests) "
        f"in {time.perf_counter() - started:.1f} s"
    )

    started, cpu = time.perf_counter(), time.process_time()
    signed = sign_all(items)
    sign_seconds = time.perf_counter() - started
    print(
        f"sign (officer + countersignature, canonical payloads incl.): {sign_seconds:.2f} s, CPU "
        f"{time.process_time() - cpu:.2f} s, {sign_seconds / n * 1e6:.0f} µs per declaration; load "
        f"{os.getloadavg()[0]:.1f}"
    )

    payload = officer_payload(
        items[0],
        declaration_id="0" * 32,
        version=1,
        commitment_sha256=COMMITMENT,
        signer_fingerprint=OFFICER_KEY.fingerprint,
        signed_at="2026-11-21T09:30:00Z",
    )
    signature = OFFICER_KEY.sign(payload)
    for name, check, design_us in (
        ("cryptography (OpenSSL)", verify_signature, 95),
        ("PyNaCl (libsodium)", bulk_verify_signature, 46),
    ):
        per_op, per_op_cpu = [], []
        for _ in range(5):
            started, cpu = time.perf_counter(), time.process_time()
            for _ in range(2000):
                check(OFFICER_KEY.public_key, signature, payload)
            per_op.append((time.perf_counter() - started) / 2000 * 1e6)
            per_op_cpu.append((time.process_time() - cpu) / 2000 * 1e6)
        print(
            f"one Ed25519 verification, {name}: median {sorted(per_op)[2]:.0f} µs of 5 runs "
            f"({' / '.join(f'{v:.0f}' for v in per_op)}), CPU {sorted(per_op_cpu)[2]:.0f} µs, payload "
            f"{len(payload)} bytes; the design measured ≈ {design_us} µs; load {os.getloadavg()[0]:.1f}"
        )

    started, cpu = time.perf_counter(), time.process_time()
    assert verify_chunk(signed) == n
    one = time.perf_counter() - started
    print(
        f"verify both signatures, 1 process:  {one:.2f} s, CPU {time.process_time() - cpu:.2f} s, "
        f"{one / n * 1e6:.0f} µs per declaration; load {os.getloadavg()[0]:.1f}"
    )

    cores = os.cpu_count() or 1
    started = time.perf_counter()
    with ThreadPoolExecutor(cores) as pool:
        assert sum(pool.map(verify_chunk, chunks(signed, cores * 4))) == n
    threads = time.perf_counter() - started
    print(f"verify, {cores} threads:            {threads:.2f} s, speed-up {one / threads:.2f}×")

    started = time.perf_counter()
    with ProcessPoolExecutor(cores) as pool:
        pool.submit(int).result()  # workers started before the clock runs, as in a long-lived application
        started = time.perf_counter()
        results = verify_many(signed, KEYS.get, expected_commitment_sha256=COMMITMENT, executor=pool)
    processes = time.perf_counter() - started
    assert all(r.valid for r in results)
    print(
        f"verify_many, {cores} processes:     {processes:.2f} s, {processes / n * 1e6:.0f} µs per declaration, "
        f"speed-up {one / processes:.2f}× (payloads rebuilt here, Ed25519 checks in the workers)"
    )


if __name__ == "__main__":
    main()
