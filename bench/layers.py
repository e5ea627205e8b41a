"""Import lines between the packages, and the largest modules and functions.

    python bench/layers.py            # from the checkout's root
    python bench/layers.py --root DIR # another checkout (an older commit, to compare)

Counts the lines `import X` / `from X import ...` (anywhere in a file, indented ones too) in
every .py file of each package, tests and migrations left out, by the package they import from.
The site (`tipwatch/`) and its core (`tipwatch/core/`) are counted apart. The layers contract
itself is checked by `lint-imports` (pyproject.toml); this prints the figures behind it.
"""

import argparse
import ast
from collections import Counter
from pathlib import Path

PACKAGES = ("tipwatch.core", "tipwatch", "countries", "recommendations")


def package_of(module):
    """The package (of PACKAGES) a dotted module name belongs to, None outside them."""
    for package in PACKAGES:
        if module == package or module.startswith(package + "."):
            return package
    return None


def source_files(root):
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0] in ("countries", "recommendations", "tipwatch") and "migrations" not in parts:
            yield path


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--most", type=int, default=8, help="how many modules and functions")
    args = parser.parse_args()
    root = args.root.resolve()
    between, modules, functions = Counter(), [], []
    for path in source_files(root):
        name = ".".join(path.relative_to(root).with_suffix("").parts)
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        here = package_of(name)
        for module in imported_modules(tree):
            there = package_of(module)
            if there and there != here:
                between[here, there] += 1
        modules.append((len(text.splitlines()), str(path.relative_to(root))))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = node.end_lineno - node.lineno + 1
                functions.append((size, f"{path.relative_to(root)}:{node.lineno} {node.name}"))
    print("Import lines between packages (importer -> imported):")
    for (here, there), count in sorted(between.items()):
        print(f"  {here:16} -> {there:16} {count:4}")
    print(f"Largest modules (lines), of {len(modules)}:")
    for size, where in sorted(modules, reverse=True)[: args.most]:
        print(f"  {size:5}  {where}")
    print("Largest functions (lines):")
    for size, where in sorted(functions, reverse=True)[: args.most]:
        print(f"  {size:5}  {where}")


if __name__ == "__main__":
    main()
