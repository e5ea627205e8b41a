"""Paths of the chapter files the import tests read."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "chapters"
SEED = ROOT / "data" / "chapters" / "NOR_2023.txt"
SAMPLES = ROOT.parents[1] / "shared" / "data" / "chapter-samples"


def fixture(name):
    return FIXTURES / name
