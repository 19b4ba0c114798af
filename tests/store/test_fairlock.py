"""The writer queue's lock among threads: taken in the order asked, never retaken out of turn."""

import threading
import time

from service.store.fairlock import FairLock

DEADLINE = 10  # seconds: liveness only


def _queued(lock: FairLock, waiting: int) -> None:
    """Until `waiting` threads wait for the lock."""
    deadline = time.monotonic() + DEADLINE
    while len(lock._waiters) < waiting:
        assert time.monotonic() < deadline, "the threads never queued"
        time.sleep(0.001)


def test_waiters_take_the_lock_in_the_order_they_asked():
    lock, order = FairLock(), []

    def take(name: str) -> None:
        with lock:
            order.append(name)

    lock.acquire()
    threads = []
    for n, name in enumerate("abcd", start=1):
        threads.append(threading.Thread(target=take, args=(name,)))
        threads[-1].start()
        _queued(lock, n)
    lock.release()
    for thread in threads:
        thread.join(DEADLINE)
    assert order == list("abcd")
    assert not lock._held and not lock._waiters


def test_a_thread_that_releases_cannot_take_the_lock_back_before_a_waiter():
    """What starved the checkpointer's RESTART behind writers writing back to back."""
    lock, order = FairLock(), []

    def waiter() -> None:
        with lock:
            order.append("waiter")

    lock.acquire()
    thread = threading.Thread(target=waiter)
    thread.start()
    _queued(lock, 1)
    lock.release()
    with lock:  # asked after the waiter: it goes first
        order.append("releaser")
    thread.join(DEADLINE)
    assert order == ["waiter", "releaser"]
