"""How the batch pool starts its workers and what they send back (the speed of ``worksum batch -j 2``)."""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import worksum.batch as batch
import worksum.batch_cli as batch_cli
from worksum.batch import Parsed, default_start_method, parse_many, parse_one

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="fork is the default on Linux only")

TEXT = "白云乡2023年工作总结\n一、产业发展\n全乡新建蔬菜大棚40个，增收120万元，同比增长8%。\n二、下一步打算\n力争明年再建大棚20个。\n"


@pytest.fixture
def other_thread() -> Iterator[threading.Thread]:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="test-other-thread", daemon=True)
    thread.start()
    yield thread
    stop.set()
    thread.join()


@linux_only
def test_default_is_fork_while_single_threaded() -> None:
    if threading.active_count() > 1:
        pytest.skip("an earlier test left a thread running")
    assert default_start_method() == "fork"


def test_no_fork_while_another_thread_runs(other_thread: threading.Thread) -> None:
    assert default_start_method() != "fork"
    assert default_start_method() in multiprocessing.get_all_start_methods()


@linux_only
def test_default_pool_workers_are_children_of_this_process() -> None:
    if threading.active_count() > 1:
        pytest.skip("an earlier test left a thread running")
    parents: set[int] = set()
    for result in parse_many([TEXT] * 4, workers=2):
        assert result.ok
        for child in multiprocessing.active_children():
            stat = Path(f"/proc/{child.pid}/stat").read_text()
            parents.add(int(stat.rsplit(")", 1)[1].split()[1]))
    assert parents == {os.getpid()}


def test_pool_started_beside_another_thread_still_works(other_thread: threading.Thread) -> None:
    results = list(parse_many([TEXT, ("b", TEXT)], workers=2))
    assert [r.ok for r in results] == [True, True]
    assert isinstance(results[1], Parsed) and results[1].report.source == "b"


def test_progress_bar_starts_no_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("tqdm")
    terminal = io.StringIO()
    monkeypatch.setattr(terminal, "isatty", lambda: True)
    monkeypatch.setattr(sys, "stderr", terminal)
    before = threading.active_count()
    output = batch_cli._Output(3, quiet=True, progress=True)
    try:
        assert output.bar is not None
        assert threading.active_count() == before
    finally:
        output.close()



def test_results_travel_as_utf8_bytes() -> None:
    result = parse_one(("a", TEXT))
    assert isinstance(result, Parsed)
    expected = result.report.model_dump_json()
    assert result.json_bytes == expected.encode("utf-8")
    back = pickle.loads(pickle.dumps(result))
    assert isinstance(back, Parsed)
    assert back._json is None and back.json_bytes == expected.encode("utf-8")  # nothing decoded on the way
    assert back.json == expected and back.report == result.report


def test_json_and_bytes_agree_whichever_comes_first() -> None:
    result = parse_one(TEXT)
    assert isinstance(result, Parsed)
    from_bytes = Parsed(index=0, doc_id="x", source=None, counts=result.counts, json=result.json_bytes)
    from_text = Parsed(index=0, doc_id="x", source=None, counts=result.counts, json=result.json)
    assert from_bytes.json == from_text.json and from_bytes.json_bytes == from_text.json_bytes


def test_worker_crashed_error_lives_with_the_other_errors() -> None:
    from worksum import errors

    assert batch.WorkerCrashedError is errors.WorkerCrashedError
    assert issubclass(errors.WorkerCrashedError, errors.WorksumError)


@pytest.mark.skipif(not hasattr(os, "fork") or os.name != "posix", reason="needs fork and flock")
def test_forked_workers_do_not_hold_the_output_lock(tmp_path: Path) -> None:
    # Otherwise a batch killed with SIGKILL would keep OUT locked until its orphaned workers left.
    with batch_cli._locked(tmp_path / "out"):
        fd = batch_cli._held_lock
        assert fd is not None
        pid = os.fork()
        if pid == 0:  # the child: its copy of the lock's descriptor must be gone
            try:
                os.fstat(fd)
            except OSError:
                os._exit(0)
            os._exit(1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        os.fstat(fd)  # still open, and locked, here
    assert batch_cli._held_lock is None
