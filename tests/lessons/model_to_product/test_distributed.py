import os
import socket

import numpy as np
import pytest

from utils.lessons.model_to_product import distributed


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie still answers kill(0); it is not running if /proc says so
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True


def test_two_workers_match_one_process_and_leave_nothing_running():
    import tensorflow as tf

    run = distributed.run_two_workers(steps=6, global_batch=64, timeout_s=240)
    reference = distributed.train_losses(tf.distribute.get_strategy(), 6, 64)
    assert run["losses"][0] == run["losses"][1]
    np.testing.assert_allclose(run["losses"][0], reference, rtol=1e-5)
    assert reference[-1] < reference[0]
    assert all(_gone(pid) for pid in run["pids"])


def test_a_dying_worker_is_reported_and_both_are_stopped():
    with pytest.raises(RuntimeError, match="worker 1 died"):
        distributed.run_two_workers(steps=2, global_batch=8, timeout_s=120, fail_worker=1)


def test_timeout_stops_the_workers():
    with pytest.raises(TimeoutError, match="stopped"):
        distributed.run_two_workers(steps=2, global_batch=8, timeout_s=0.5)


def test_a_taken_port_is_a_clear_error():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        taken = s.getsockname()[1]
        with pytest.raises(OSError, match=f"port {taken} .* taken"):
            distributed.run_two_workers(steps=2, global_batch=8, ports=(taken, distributed.free_ports(1)[0]))


def test_bad_arguments():
    with pytest.raises(ValueError, match="even"):
        distributed.run_two_workers(steps=2, global_batch=7)
    with pytest.raises(ValueError, match="steps"):
        distributed.run_two_workers(steps=0, global_batch=8)
    with pytest.raises(ValueError, match="different"):
        distributed.run_two_workers(steps=2, global_batch=8, ports=(5000, 5000))
    with pytest.raises(ValueError, match="fail_worker"):
        distributed.run_two_workers(steps=2, global_batch=8, fail_worker=2)
    with pytest.raises(ValueError, match="port"):
        distributed.check_port_free(0)
    with pytest.raises(TypeError, match="strategy"):
        distributed.train_losses(None, 2, 64)
    import tensorflow as tf

    with pytest.raises(ValueError, match="MNIST"):
        distributed.train_losses(tf.distribute.get_strategy(), 10**6, 64)
    assert len(set(distributed.free_ports(3))) == 3
