"""Where the shared reference data lives: `../shared/data` beside the project, looked up from
the project folder upwards (so that it is found from a clone or a worktree). None when absent,
as on a user's machine: tests that read it skip with a message."""

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def shared_data(*parts):
    for folder in PROJECT.parents:
        candidate = folder.joinpath("shared", "data", *parts)
        if candidate.exists():
            return candidate
    return None
