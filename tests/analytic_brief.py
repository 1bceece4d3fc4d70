"""A long analytic brief of the kind analysts bring, written into a folder with its images.

Twelve sections: key judgements, a prose-only background, a 30-row table with a remarks column
of 10-20 words, a nine-column register, a very wide and a very tall image, a flow with a lead
sentence, a heading-only section that introduces subsections (one of them empty), list items
with nested lists, continuation paragraphs and code, an empty section, a quote, an outlook;
and a title of over 200 characters.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image

TITLE = (
    "Arms, Oil and Rail Across the Tumen: How North Korean Munitions, Russian Fuel and Chinese "
    "Machine Tools Reach Their Users Through Three Ports, Two Railways and a Fleet of Vessels "
    "That Switch Off Their Transponders"
)
WORDS = "rail customs imagery vessel transponder containers satellite filings arrival pier night yard".split()
PORTS = ["Vladivostok", "Rajin", "Khasan", "Vostochny", "Wonsan", "Chongjin", "Nakhodka", "Tumangang"]


def voyage_rows(count: int, rng: random.Random) -> list[str]:
    rows = []
    for n in range(count):
        remark = " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 20))).capitalize() + "."
        rows.append(
            f"| 2025-{n % 12 + 1:02d}-{n % 28 + 1:02d} | {rng.choice(PORTS)} → {rng.choice(PORTS)} "
            f"| {rng.choice(['crude oil', 'shells', 'wheat', 'rocket parts'])} | {rng.randint(100, 900)} t "
            f"| {rng.choice(['High', 'Moderate', 'Low'])} | {remark} |"
        )
    return rows


def register_rows(count: int, rng: random.Random) -> list[str]:
    return [
        f"| Vessel-{n:02d} | {rng.choice(['Mongolia', 'Sierra Leone', 'Togo'])} | {9300000 + 17 * n} "
        f"| {rng.randint(4, 30)}k DWT | {rng.choice(PORTS)} | {rng.choice(PORTS)} | {rng.randint(1, 28)} days "
        f"| {rng.choice(['Designated', 'Under review'])} | {rng.choice(['Insured', 'Uninsured'])} |"
        for n in range(count)
    ]


def write_analytic_brief(folder: Path) -> Path:
    """Write the brief and its two images into `folder`; returns the brief's path."""
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (2400, 200), "#2f5d8a").save(folder / "panorama.png")
    Image.new("RGB", (200, 1400), "#8a5d2f").save(folder / "mast.png")
    rng = random.Random(11)
    background = " ".join(
        f"Observers counted {n + 3} voyages in the month before the rail link reopened, and the customs "
        "filings for them list agricultural machinery rather than munitions."
        for n in range(6)
    )
    limits = " ".join(
        "The comparison covers only voyages that left a trace in at least two of three records." for _ in range(5)
    )
    lines = [
        "---",
        f'title: "{TITLE}"',
        "subtitle: Twelve sections, two long tables and the pictures that explain them",
        "author: [Maritime Desk, Open Source Cell]",
        "date: 2026-11-30",
        "classification: OFFICIAL-SENSITIVE",
        "---",
        "",
        "This brief tests every slide rule at once.",
        "",
        "# Key judgements",
        "",
        "- Munitions move north-east by rail, fuel south-west by sea.",
        "- Transponder gaps cluster around **Rajin** and *Vostochny*.",
        "- Insurance gaps will widen as registries tighten.",
        "",
        "# Background",
        "",
        background,
        "",
        "# Observed voyages",
        "",
        "The table lists every voyage observed, with a free-text remark per row.",
        "",
        "| Date | Route | Cargo | Volume | Confidence | Remarks |",
        "|---|---|---|---:|---|---|",
        *voyage_rows(30, rng),
        "",
        "# Vessel register",
        "",
        "| Vessel | Flag | IMO | Tonnage | Departure | Arrival | AIS gap | Status | Insurance |",
        "|---|---|---:|---:|---|---|---:|---|---|",
        *register_rows(14, rng),
        "",
        "# Port imagery",
        "",
        "![Rajin pier from the north, a panorama of twelve frames](panorama.png)",
        "",
        "# Loading mast",
        "",
        "A single crane loads every container.",
        "",
        "![The crane at berth three](mast.png)",
        "",
        "# Supply flows",
        "",
        "Most traffic runs through two ports.",
        "",
        "```flow",
        "caption: Reported supply flows",
        "North Korea -> Russia: munitions, shells, missiles?",
        "Russia -> North Korea: fuel, food aid?",
        "China -> North Korea: machine tools?",
        "```",
        "",
        "# Method",
        "",
        "## Sources",
        "",
        "## Limits",
        "",
        limits,
        "",
        "## Confidence",
        "",
        "- High: two independent records agree.",
        "- Low: one record only.",
        "",
        "# Actors",
        "",
        "1. Port operators at Rajin.",
        "   - Run the container yard.",
        "   - Share the pier with fishing fleets.",
        "",
        "   They report to the provincial authority, which keeps no public filings.",
        "",
        "   ```",
        "   ais --gap 6h --port RAJIN",
        "   ```",
        "2. The rail company on the Russian side.",
        "",
        "# Annexes",
        "",
        "# Assessment",
        "",
        "- The pattern has held for eighteen months.",
        "",
        "> The pier never sleeps.",
        "",
        "# Outlook",
        "",
        "1. More voyages will move to ports without imagery coverage.",
        "2. Expect shorter port calls and more ship-to-ship transfers.",
        "",
    ]
    path = folder / "analytic.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
