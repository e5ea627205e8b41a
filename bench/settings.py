"""Settings of the benchmark server: the production settings plus the reference views.

bench/run.py starts gunicorn with DJANGO_SETTINGS_MODULE=bench.settings; nothing else in the
project uses this module.
"""

import os

from tipwatch.settings import *  # noqa: F403
from tipwatch.settings import CACHES

ROOT_URLCONF = "bench.urls"

# The Redis server may be shared with other runs: each run keeps its cache entries apart.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "tipwatch-bench")
