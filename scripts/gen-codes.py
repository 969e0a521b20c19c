#!/usr/bin/env python3
"""Regenerates src/types/codes.rs from Debian's iso-codes JSON files.

    apt-get install iso-codes          # 4.15.0 made the checked-in file
    python3 scripts/gen-codes.py | rustfmt --edition 2024 --emit stdout > src/types/codes.rs

The lists are sorted by code; names are iso-codes' English names. Nothing else is read.
"""

import json
import sys
from pathlib import Path

ISO = Path("/usr/share/iso-codes/json")


def entries(file, key):
    return json.loads((ISO / file).read_text(encoding="utf-8"))[key]


def rust_str(s):
    return json.dumps(s, ensure_ascii=False)


def table(doc, name, rows):
    out = [f"/// {doc}", f"pub(crate) const {name}: &[(&str, &str)] = &["]
    for code, label in sorted(rows):
        out.append(f"    ({rust_str(code)}, {rust_str(label)}),")
    out.append("];")
    return "\n".join(out)


def version():
    try:
        import subprocess

        v = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "iso-codes"],
            capture_output=True, text=True, check=True,
        ).stdout
        return v.split("-")[0]
    except Exception:
        return "(unknown version)"


def main():
    languages = entries("iso_639-2.json", "639-2")
    parts = [
        f"//! Code lists generated from Debian's iso-codes {version()} (`/usr/share/iso-codes/json`), sorted by code.\n"
        "//! Regenerate with `scripts/gen-codes.py` (see DESIGN.md); do not edit by hand.",
        table(
            "ISO 3166-1 alpha-2 codes and English names.",
            "COUNTRIES",
            [(c["alpha_2"], c["name"]) for c in entries("iso_3166-1.json", "3166-1")],
        ),
        table(
            "ISO 4217 alphabetic codes and names.",
            "CURRENCIES",
            [(c["alpha_3"], c["name"]) for c in entries("iso_4217.json", "4217")],
        ),
        table(
            "ISO 639-1 two-letter codes and English names.",
            "LANGUAGES_2",
            [(c["alpha_2"], c["name"]) for c in languages if "alpha_2" in c],
        ),
        table(
            "ISO 639-2 three-letter codes and English names.",
            "LANGUAGES_3",
            [(c["alpha_3"], c["name"]) for c in languages],
        ),
    ]
    sys.stdout.write("\n\n".join(parts) + "\n")


if __name__ == "__main__":
    main()
