"""The project's settings plus the bare view that bench/pages.py compares every page with."""

from bhxh_portal.settings import *  # noqa: F403 - the same settings, one URLconf more

ROOT_URLCONF = "bench.pages_urls"
