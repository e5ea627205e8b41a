"""Paths of the chapter files the import tests read (running the import: tests/recommendations/
importing.py)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "chapters"
SEED = ROOT / "data" / "chapters" / "NOR_2023.txt"
PAGES = ROOT / "tests" / "fixtures" / "pages"  # country pages saved from the web site


def fixture(name):
    return FIXTURES / name
