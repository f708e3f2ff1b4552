#!/usr/bin/env python3
"""Generates the seating engine's character table (a C++ source file) at build time.

Sources, never hand-typed per-character data:
  * Unihan (Debian's unicode-data, /usr/share/unicode/Unihan_*.txt[.bz2]):
      kTotalStrokes, first value = the simplified (G-source) stroke count;
      kMandarin (first value = the customary mainland reading), falling back to
      kTGHZ2013, kXHC1983, kHanyuPinyin, kHanyuPinlu for characters without one;
      kSimplifiedVariant, to flag traditional forms.
  * cnchar-order (npm, MIT): the stroke shapes of each character in writing order,
    read through dump_cnchar_order.js with node.
  * surnames.tsv (beside this script): compound surnames and surname readings, domain
    data; every reading is checked against Unihan's readings of that character.

Stroke shapes are folded into the five classes of the national rule (DOMAIN.md):
横 1 (with 提), 竖 2 (with 竖钩), 撇 3, 点 4 (with 捺), 折 5 (every other hooked or bent
stroke). The output packs one 64-bit record per character; see char_table.cpp for the
layout, which this script and that file must agree on.

Python 3 standard library only. Exit status 1 with a message on any inconsistency.
"""

import argparse
import bz2
import glob
import json
import os
import subprocess
import sys
import unicodedata

FIELDS = {"kTotalStrokes", "kMandarin", "kTGHZ2013", "kXHC1983", "kHanyuPinyin",
          "kHanyuPinlu", "kSimplifiedVariant"}

# Stroke names in cnchar-order's table -> national class. Unknown flat strokes are an
# error (see fold_stroke), so an upstream change cannot silently change the order.
FOLD = {"横": 1, "提": 1, "竖": 2, "竖钩": 2, "撇": 3, "点": 4, "点2": 4, "捺": 4}

TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}

# Record layout (must match char_table.cpp).
CP_BITS, STROKE_BITS, SYL_BITS, TONE_BITS, SHAPE_BITS = 21, 7, 10, 3, 14


def fail(msg):
    print("gen_char_table.py: error: " + msg, file=sys.stderr)
    sys.exit(1)


def read_unihan(unihan_dir):
    paths = sorted(glob.glob(os.path.join(unihan_dir, "Unihan_*.txt.bz2")) +
                   glob.glob(os.path.join(unihan_dir, "Unihan_*.txt")))
    if not paths:
        fail("no Unihan_*.txt(.bz2) in %s: install Debian's unicode-data "
             "(service/seating/data-tools/install.sh)" % unihan_dir)
    data = {}
    version = "unknown"
    for path in paths:
        opener = bz2.open if path.endswith(".bz2") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    if line.startswith("# Unicode version:"):
                        version = line.split(":", 1)[1].strip()
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 3 or parts[1] not in FIELDS:
                    continue
                cp = int(parts[0][2:], 16)
                data.setdefault(cp, {})[parts[1]] = parts[2]
    return data, version


def split_reading(syllable):
    """'zēng' -> ('zeng'-with-ü-kept, tone 1..5). Neutral tone is 5."""
    decomposed = unicodedata.normalize("NFD", syllable.strip().lower())
    tone = 5
    kept = []
    for ch in decomposed:
        if ch in TONE_MARKS:
            tone = TONE_MARKS[ch]
        else:
            kept.append(ch)
    base = unicodedata.normalize("NFC", "".join(kept))
    if not base or not all(c.isalpha() for c in base):
        return None
    return base, tone


def readings_of(fields):
    """All readings Unihan lists for a character, most customary first."""
    out = []

    def add(values):
        for v in values:
            r = split_reading(v)
            if r and r not in out:
                out.append(r)

    if "kMandarin" in fields:
        add(fields["kMandarin"].split())
    for key in ("kTGHZ2013", "kXHC1983"):
        if key in fields:
            # "033.120:céng 461.030:zēng": dictionary order, not frequency.
            add(v.split(":", 1)[1] for v in fields[key].split())
    if "kHanyuPinyin" in fields:
        for entry in fields["kHanyuPinyin"].split():
            add(entry.split(":", 1)[1].split(","))
    if "kHanyuPinlu" in fields:
        add(v.split("(", 1)[0] for v in fields["kHanyuPinlu"].split())
    return out


def syllable_sort_key(s):
    # Dictionary order (现代汉语词典): letters with ü read as u and ê as e first, then the
    # plain letter before the marked one (lu < lü < luan < lüe).
    return (s.replace("ü", "u").replace("ê", "e"), s)


def fold_stroke(letter, info):
    if info["name"] in FOLD:
        return FOLD[info["name"]]
    if info.get("type") == "折笔":
        return 5
    fail("cnchar-order stroke %r (%s, %s) has no class in the national rule" %
         (letter, info["name"], info.get("type")))


def load_cnchar(node, modules_dir, script_dir):
    if not os.path.isdir(os.path.join(modules_dir, "cnchar-order")):
        fail("cnchar-order not found in %s: run service/seating/data-tools/install.sh"
             % modules_dir)
    dump = os.path.join(script_dir, "dump_cnchar_order.js")
    try:
        out = subprocess.run([node, dump, modules_dir], check=True,
                             capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        fail("reading cnchar-order with node failed: %s" % e)
    return json.loads(out.decode("utf-8"))


def load_surnames(path, unihan):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            surname, reading = cols[0], cols[1].split()
            if len(surname) != len(reading) or not 1 <= len(surname) <= 2:
                fail("%s:%d: %r needs one reading per character" % (path, n, surname))
            parsed = []
            for ch, syl in zip(surname, reading):
                r = split_reading(syl)
                if r is None or r not in readings_of(unihan.get(ord(ch), {})):
                    fail("%s:%d: %s is not a reading Unihan lists for %s" % (path, n, syl, ch))
                parsed.append(r)
            rows.append((surname, parsed))
    if len({r[0] for r in rows}) != len(rows):
        fail("%s: a surname is listed twice" % path)
    return rows


def c_string(text):
    out = []
    escaped = False  # a hex escape must not run into a following hex digit
    for ch in text:
        if ord(ch) >= 127:
            out.extend("\\x%02x" % b for b in ch.encode("utf-8"))
            escaped = True
            continue
        if escaped and ch in "0123456789abcdefABCDEF":
            out.append('""')
        escaped = False
        out.append("\\" + ch if ch in '"\\' else ch)
    return '"' + "".join(out) + '"'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--unihan-dir", default="/usr/share/unicode")
    ap.add_argument("--node-modules", required=True)
    ap.add_argument("--node", default="node")
    ap.add_argument("--surnames", required=True)
    ap.add_argument("--output", required=True)
    args = ap.parse_args()
    script_dir = os.path.dirname(os.path.abspath(__file__))

    unihan, unihan_version = read_unihan(args.unihan_dir)
    cnchar = load_cnchar(args.node, args.node_modules, script_dir)
    surnames = load_surnames(args.surnames, unihan)

    letter_class = {k: fold_stroke(k, v) for k, v in cnchar["strokes"].items()}

    chars = sorted(cp for cp, f in unihan.items() if "kTotalStrokes" in f)
    if len(chars) < 20000:
        fail("only %d characters with kTotalStrokes: is Unihan complete?" % len(chars))

    readings = {}
    syllables = set()
    for cp in chars:
        rs = readings_of(unihan[cp])
        if rs:
            readings[cp] = rs[0]
            syllables.add(rs[0][0])
    for _, parsed in surnames:
        syllables.update(r[0] for r in parsed)
    syllable_list = sorted(syllables, key=syllable_sort_key)
    syl_id = {s: i for i, s in enumerate(syllable_list)}
    if len(syllable_list) + 1 >= 1 << SYL_BITS:
        fail("too many syllables for the record layout")

    shapes = []          # list of digit strings, index = shape id
    shape_of = {}
    mismatched = []
    for ch, letters in cnchar["orders"].items():
        if len(ch) != 1:
            continue
        cp = ord(ch)
        if cp not in unihan or "kTotalStrokes" not in unihan[cp]:
            continue
        unknown = [c for c in letters if c not in letter_class]
        if unknown:
            fail("cnchar-order gives %s an unknown stroke letter %r" % (ch, unknown[0]))
        digits = "".join(str(letter_class[c]) for c in letters)
        count = int(unihan[cp]["kTotalStrokes"].split()[0])
        if len(digits) != count:
            mismatched.append("%s(%d/%d)" % (ch, count, len(digits)))
        shape_of[cp] = len(shapes)
        shapes.append(digits)
    if len(shapes) + 1 >= 1 << SHAPE_BITS:
        fail("too many shape sequences for the record layout")

    records = []
    max_strokes = (1 << STROKE_BITS) - 1
    for cp in chars:
        strokes = int(unihan[cp]["kTotalStrokes"].split()[0])
        if strokes > max_strokes:
            fail("U+%04X has %d strokes" % (cp, strokes))
        rec = cp | strokes << CP_BITS
        if cp in readings:
            syl, tone = readings[cp]
            rec |= (syl_id[syl] + 1) << (CP_BITS + STROKE_BITS)
            rec |= tone << (CP_BITS + STROKE_BITS + SYL_BITS)
        if cp in shape_of:
            rec |= (shape_of[cp] + 1) << (CP_BITS + STROKE_BITS + SYL_BITS + TONE_BITS)
        simplified = unihan[cp].get("kSimplifiedVariant", "").split()
        if simplified and "U+%04X" % cp not in simplified:
            rec |= 1 << (CP_BITS + STROKE_BITS + SYL_BITS + TONE_BITS + SHAPE_BITS)
        records.append(rec)

    note = "Unihan %s (Debian unicode-data), cnchar-order %s, surnames.tsv" % (
        unihan_version, cnchar["version"])
    lines = [
        "// Generated by service/seating/data-tools/gen_char_table.py at build time from",
        "// %s. Do not edit." % note,
        "// %d characters, %d with stroke shapes, %d with a reading, %d syllables." % (
            len(records), len(shapes), len(readings), len(syllable_list)),
        '#include "seating/char_table_data.hpp"',
        "",
        "namespace huiwu::seating::data {",
        "",
        "const char source_note[] = %s;" % c_string(note),
        "",
        "const std::uint64_t char_records[] = {",
    ]
    for i in range(0, len(records), 6):
        lines.append(",".join("0x%x" % r for r in records[i:i + 6]) + ",")
    lines += ["};", "const std::size_t char_record_count = %d;" % len(records), ""]
    offsets = [0]
    for s in shapes:
        offsets.append(offsets[-1] + len(s))
    all_digits = "".join(shapes)
    lines.append("const char shape_digits[] =")
    for i in range(0, len(all_digits), 96):
        lines.append('    "%s"' % all_digits[i:i + 96])
    lines.append(";")
    lines.append("const std::uint32_t shape_offsets[] = {")
    for i in range(0, len(offsets), 12):
        lines.append(",".join(str(o) for o in offsets[i:i + 12]) + ",")
    lines += ["};", "const std::size_t shape_count = %d;" % len(shapes), ""]
    lines.append("const char* const syllables[] = {")
    for i in range(0, len(syllable_list), 10):
        lines.append(",".join(c_string(s) for s in syllable_list[i:i + 10]) + ",")
    lines += ["};", "const std::size_t syllable_count = %d;" % len(syllable_list), ""]
    lines.append("const surname_record surnames[] = {")
    for surname, parsed in surnames:
        codes = ", ".join(str(syl_id[s] << 3 | t) for s, t in parsed)
        lines.append("    {%s, %d, {%s}}," % (c_string(surname), len(surname), codes))
    lines += ["};", "const std::size_t surname_count = %d;" % len(surnames), "",
              "}  // namespace huiwu::seating::data", ""]

    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    os.replace(tmp, args.output)
    print("gen_char_table.py: %d characters, %d stroke-shape sequences, %d readings, "
          "%d surnames; stroke count differs from the shape sequence for %d: %s" % (
              len(records), len(shapes), len(readings), len(surnames), len(mismatched),
              " ".join(mismatched[:20])))


if __name__ == "__main__":
    main()
