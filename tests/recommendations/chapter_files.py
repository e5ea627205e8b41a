"""Paths of the chapter files the import tests read."""

from pathlib import Path

from tests.shared_data import shared_data

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "chapters"
SEED = ROOT / "data" / "chapters" / "NOR_2023.txt"
SAMPLES = shared_data("chapter-samples")  # None when absent


def fixture(name):
    return FIXTURES / name
