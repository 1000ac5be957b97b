"""A file cache whose counters are atomic across processes: the office links' rate limits
(django-ratelimit) count in it, and every server process (gunicorn's workers) shares it.
Django's own file cache reads and writes a counter without a lock, so two requests at once
could count as one."""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager

from django.core.cache.backends.filebased import FileBasedCache


class LockedFileCache(FileBasedCache):
    @contextmanager
    def _locked(self):
        os.makedirs(self._dir, exist_ok=True)
        with open(os.path.join(self._dir, ".counter.lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def add(self, key, value, timeout=None, version=None):
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        with self._locked():
            return super().incr(key, delta, version)
