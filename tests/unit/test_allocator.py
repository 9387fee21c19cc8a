"""The allocator setting reaches polars only when set before polars loads, and never overrides
the user's own."""

import os
import subprocess
import sys

from xxgk.allocator import JEMALLOC_CONF, JEMALLOC_ENV

PROBE = ("import os, sys; {first}import xxgk.allocator as a; "
         "print(a.configure_allocator(), os.environ.get(a.JEMALLOC_ENV))")


def _probe(first: str = "", env_value: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != JEMALLOC_ENV}
    if env_value is not None:
        env[JEMALLOC_ENV] = env_value
    done = subprocess.run([sys.executable, "-c", PROBE.format(first=first)], env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_importing_xxgk_sets_the_allocator_before_polars_loads():
    env = {k: v for k, v in os.environ.items() if k != JEMALLOC_ENV}
    done = subprocess.run([sys.executable, "-c", "import os, xxgk, polars; "
                           f"print(os.environ['{JEMALLOC_ENV}'])"],
                          env=env, capture_output=True, text=True, check=True)
    # polars puts its own defaults first; later options win in jemalloc
    assert done.stdout.strip().endswith("," + JEMALLOC_CONF)


def test_a_user_setting_is_kept():
    assert _probe(env_value="dirty_decay_ms:5") == "False dirty_decay_ms:5"


def test_too_late_once_polars_is_loaded():
    first, value = _probe(first="import polars; ").split(" ", 1)
    assert first == "False" and "background_thread" not in value
