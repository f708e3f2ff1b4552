#!/usr/bin/env python3
"""Writes the seed corpora of the envelope and OT fuzz targets from docs/protocol.md and
tests/ot/vectors.json (docs/fuzzing.md). Run again when those change:
    python3 tests/fuzz/make_seeds.py
Binary frames are made with `protoc --encode` from the same examples."""
import hashlib, json, os, re, subprocess, sys

repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
corpus = os.path.join(repo, "tests/fuzz/corpus")


def write(target, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def frames():
    lines = open(os.path.join(repo, "docs/protocol.md"), encoding="utf-8").read().splitlines()
    for i, line in enumerate(lines):
        if not line.startswith('{"id"'):
            continue
        for j in range(i, min(i + 60, len(lines))):
            text = "\n".join(lines[i:j + 1])
            try:
                yield json.loads(text)
                break
            except json.JSONDecodeError:
                continue


def textproto(value, indent=""):
    out = []
    for k, v in value.items():
        for item in (v if isinstance(v, list) else [v]):
            if item is None:
                continue
            if isinstance(item, dict):
                out.append(f"{k} {{ {textproto(item)} }}")
            elif isinstance(item, bool):
                out.append(f"{k}: {'true' if item else 'false'}")
            elif isinstance(item, (int, float)):
                out.append(f"{k}: {item}")
            elif re.fullmatch(r"-?[0-9]+", item):
                out.append(f"{k}: {item}")
            elif re.fullmatch(r"[A-Z][A-Z0-9_]+", item):
                out.append(f"{k}: {item}")
            else:
                out.append(f"{k}: {json.dumps(item, ensure_ascii=False)}")
    return " ".join(out)


def main():
    proto = os.path.join(repo, "proto")
    n_json = n_bin = 0
    for frame in frames():
        text = json.dumps(frame, ensure_ascii=False).encode()
        write("fuzz_envelope", b"\x00" + text)
        n_json += 1
        r = subprocess.run(["protoc", f"-I{proto}", "--encode=huiwu.v1.Envelope", "huiwu.proto"],
                           input=textproto(frame).encode(), capture_output=True)
        if r.returncode == 0:
            write("fuzz_envelope", b"\x01" + r.stdout)
            n_bin += 1
    vectors = json.load(open(os.path.join(repo, "tests/ot/vectors.json"), encoding="utf-8"))
    ops = []

    def walk(v):
        if isinstance(v, list) and v and all(isinstance(x, (int, str, dict)) for x in v) \
                and any(isinstance(x, (int, str)) for x in v):
            ops.append(v)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)

    walk(vectors)
    ops = ops[:60]
    for op in ops:
        write("fuzz_ot", b"\x00" + json.dumps(op, ensure_ascii=False).encode())
    for a, b in zip(ops, ops[1:]):
        write("fuzz_ot", b"\x01" + json.dumps(a, ensure_ascii=False).encode() + b"\n" +
              json.dumps(b, ensure_ascii=False).encode())
    print(f"fuzz_envelope: {n_json} text, {n_bin} binary frames; fuzz_ot: {len(ops)} operations",
          file=sys.stderr)


main()
