"""Run calls at the same moment in separate threads (each with its own database connection), to test
what the database's locks and unique keys decide under a race."""

import threading
from collections.abc import Callable

from django.db import connections


def run_at_once(calls: list[Callable[[], object]], *, timeout: float = 60) -> list[object]:
    """Start every call together behind a barrier; return, in order, each call's result or the exception
    it raised (an expected refusal is an outcome to assert on, not a test error)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
