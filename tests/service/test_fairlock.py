"""Fair locks and semaphores: places taken in the order asked, never retaken out of turn."""

import threading
import time

import pytest

from service.fairlock import FairLock, FairSemaphore

DEADLINE = 10  # seconds: liveness only


def _queued(lock: FairSemaphore, waiting: int) -> None:
    """Until `waiting` threads wait for the lock."""
    deadline = time.monotonic() + DEADLINE
    while lock.waiting < waiting:
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
    assert lock._free == 1 and not lock._waiters


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


def test_a_semaphore_lets_width_holders_in_and_queues_the_rest_in_order():
    gate, order = FairSemaphore(2), []
    gate.acquire()
    gate.acquire()  # both places taken without waiting

    def take(name: str) -> None:
        with gate:
            order.append(name)

    threads = []
    for n, name in enumerate("abc", start=1):
        threads.append(threading.Thread(target=take, args=(name,)))
        threads[-1].start()
        _queued(gate, n)
    gate.release()  # one place, passed from waiter to waiter in the order they asked
    for thread in threads:
        thread.join(DEADLINE)
    assert order == list("abc")
    assert gate._free == 1 and not gate._waiters
    gate.release()
    assert gate._free == 2


def test_a_semaphore_needs_a_place():
    with pytest.raises(ValueError, match="at least one place"):
        FairSemaphore(0)


def test_a_holder_taking_back_its_place_goes_ahead_of_the_waiters_that_had_not_asked_to():
    """A request that stepped out of its turn to wait on the database takes it back before the
    requests that have not started (api/turns.py)."""
    gate, order = FairSemaphore(1), []

    def take(name: str, ahead: bool) -> None:
        gate.acquire(ahead=ahead)
        order.append(name)
        gate.release()

    gate.acquire()
    threads = []
    for n, (name, ahead) in enumerate([("new 1", False), ("new 2", False), ("back", True)], 1):
        threads.append(threading.Thread(target=take, args=(name, ahead)))
        threads[-1].start()
        _queued(gate, n)
    gate.release()
    for thread in threads:
        thread.join(DEADLINE)
    assert order == ["back", "new 1", "new 2"]
    assert gate._free == 1 and gate.waiting == 0


def test_trying_takes_a_free_place_and_never_one_a_waiter_is_owed():
    gate = FairSemaphore(1)
    assert gate.try_acquire()
    assert not gate.try_acquire()
    waiter = threading.Thread(target=gate.acquire)
    waiter.start()
    _queued(gate, 1)
    gate.release()  # handed to the waiter, not freed
    waiter.join(DEADLINE)
    assert not gate.try_acquire()
    gate.release()
    assert gate.try_acquire()
