"""Signing and verifying 50,000 declarations: microseconds per operation, and the speed-up on 2 cores. No target of
its own: the design's measure of one Ed25519 check (libsodium ≈ 46 µs, OpenSSL ≈ 95 µs) is printed beside ours.

.venv/bin/python bench/bench_signatures.py [--count 50000] [--runs 3]

Each figure is the median of --runs runs, wall and CPU (verify_many's workers included) with the load average.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.data import declarations
from bench.measure import (
    add_runs_argument,
    figure,
    load_average,
    median_cpu,
    median_wall,
    repeated,
    run_of,
    tree_cpu,
)
from desktop.crypto.payloads import countersign_payload, officer_payload
from desktop.crypto.signing import SigningKey, verify_signature
from desktop.crypto.verification import bulk_verify_signature, verify_declaration, verify_many
from desktop.domain.signed import Countersignature, OfficerSignature, SignedDeclaration

OFFICER_KEY = SigningKey.from_raw(bytes(range(32)))
HEAD_KEY = SigningKey.from_raw(bytes(range(32, 64)))
KEYS = {OFFICER_KEY.fingerprint: OFFICER_KEY.public_key, HEAD_KEY.fingerprint: HEAD_KEY.public_key}
COMMITMENT_TEXT = "本人承诺：如实填报本人及亲属经商办企业情况，无隐瞒、无漏报。"
COMMITMENT = hashlib.sha256(COMMITMENT_TEXT.encode("utf-8")).hexdigest()
#: Ed25519 checks per run of the raw rates.
CHECKS = 2000


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
    add_runs_argument(parser)
    args = parser.parse_args()
    n = args.count
    started = time.perf_counter()
    items = declarations(n)
    print(
        f"generated {n} declarations ({sum(len(d.interests) for d in items)} interests) "
        f"in {time.perf_counter() - started:.1f} s"
    )

    timing, signed_runs = repeated(lambda: sign_all(items), args.runs)
    signed = signed_runs[-1]
    del signed_runs
    print(
        figure(
            f"sign {n} declarations (officer + countersignature, canonical payloads incl.)",
            timing,
            f"{median_wall(timing) / n * 1e6:.0f} µs wall a declaration",
        )
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

        def checks(check: Callable[[bytes, bytes, bytes], bool] = check) -> None:
            for _ in range(CHECKS):
                check(OFFICER_KEY.public_key, signature, payload)

        timing, _ = repeated(checks, args.runs)
        print(
            figure(
                f"reference: {CHECKS} Ed25519 verifications, {name}, payload {len(payload)} bytes",
                timing,
                f"{median_cpu(timing) / CHECKS * 1e6:.0f} µs CPU a check; the design measured ≈ {design_us} µs",
            )
        )

    timing, valid = repeated(lambda: verify_chunk(signed), args.runs)
    assert valid[-1] == n
    one = median_wall(timing)
    print(figure(f"verify both signatures of {n}, 1 process", timing, f"{one / n * 1e6:.0f} µs wall a declaration"))

    cores = os.cpu_count() or 1

    def threads() -> int:
        with ThreadPoolExecutor(cores) as pool:
            return sum(pool.map(verify_chunk, chunks(signed, cores * 4)))

    timing, valid = repeated(threads, args.runs)
    assert valid[-1] == n
    print(figure(f"verify, {cores} threads", timing, f"speed-up {one / median_wall(timing):.2f}×"))

    timings = []
    for _ in range(max(args.runs, 1)):
        with ProcessPoolExecutor(cores) as pool:
            pool.submit(int).result()  # workers started before the clock runs, as in a long-lived application
            load, cpu, started = load_average(), tree_cpu(), time.perf_counter()
            results = verify_many(signed, KEYS.get, expected_commitment_sha256=COMMITMENT, executor=pool)
            wall = time.perf_counter() - started
        timings.append(run_of(wall, tree_cpu() - cpu, load))  # the workers' CPU, counted once they have exited
        assert all(r.valid for r in results)
    print(
        figure(
            f"verify_many, {cores} processes (payloads rebuilt here, Ed25519 checks in the workers)",
            timings,
            f"{median_wall(timings) / n * 1e6:.0f} µs wall a declaration, speed-up {one / median_wall(timings):.2f}×",
        )
    )


if __name__ == "__main__":
    main()
