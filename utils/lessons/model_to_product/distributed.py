"""Data-parallel training over two local worker processes with MultiWorkerMirroredStrategy.

`run_two_workers` starts `python -m utils.lessons.model_to_product.distributed` twice on loopback ports, waits
for both (bounded in time) and always stops them; `train_losses` is the training loop both the workers and a
single-process reference run, so their losses can be compared step by step. The loop is a short custom one
(`distribute_datasets_from_function`, `strategy.run`, `strategy.reduce`): with TF 2.21 / Keras 3.15,
`model.fit` under MultiWorkerMirroredStrategy fails with "Attempt to convert a value (PerReplica ...) to a Tensor".
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from utils.course import ROOT
from utils.validation import positive_int, positive_number, whole_number

HIDDEN = 32
LEARNING_RATE = 0.1


def train_losses(strategy: Any, steps: int, global_batch: int, seed: int = 0) -> list[float]:
    """Train a small MNIST classifier for `steps` SGD steps of `global_batch` images; return each step's loss.

    Works under any tf.distribute strategy (the default one means a single process): each of the
    strategy's input pipelines reads its shard of the same images, so every global batch holds the same
    images whatever the number of workers.
    """
    steps, global_batch = positive_int(steps, "steps"), positive_int(global_batch, "global_batch")
    if not all(hasattr(strategy, name) for name in ("scope", "run", "reduce", "distribute_datasets_from_function")):
        raise TypeError(f"strategy must be a tf.distribute strategy, got {type(strategy).__name__}.")
    from utils.environment import import_tensorflow

    tf = import_tensorflow()
    import keras

    from utils import data

    (x, y), _ = data.load_mnist()
    n = steps * global_batch
    if n > len(x):
        raise ValueError(f"steps x global_batch = {n} is more than the {len(x)} MNIST training images.")
    x = (x[:n].reshape(n, -1) / 255.0).astype("float32")
    y = y[:n].astype("int64")

    def dataset_fn(context: Any) -> Any:
        per_replica = context.get_per_replica_batch_size(global_batch)
        ds = tf.data.Dataset.from_tensor_slices((x, y))
        return ds.shard(context.num_input_pipelines, context.input_pipeline_id).batch(per_replica)

    keras.utils.set_random_seed(seed)
    with strategy.scope():
        model = keras.Sequential(
            [keras.Input((784,)), keras.layers.Dense(HIDDEN, activation="relu"), keras.layers.Dense(10)]
        )
        optimizer = keras.optimizers.SGD(LEARNING_RATE)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="none")

    def step(batch: Any) -> Any:
        images, labels = batch
        with tf.GradientTape() as tape:
            per_example = loss_fn(labels, model(images, training=True))
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=global_batch)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    @tf.function
    def distributed_step(batch: Any) -> Any:
        return strategy.reduce(tf.distribute.ReduceOp.SUM, strategy.run(step, args=(batch,)), axis=None)

    iterator = iter(strategy.distribute_datasets_from_function(dataset_fn))
    return [float(distributed_step(next(iterator))) for _ in range(steps)]


def free_ports(count: int = 2) -> list[int]:
    """Return `count` distinct TCP ports on 127.0.0.1 that are free right now."""
    sockets = []
    try:
        for _ in range(positive_int(count, "count", maximum=100)):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def check_port_free(port: int) -> None:
    """Raise OSError naming the port if something on this machine already listens on it."""
    port = whole_number(port, "port", minimum=1, maximum=65535)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError as err:
            raise OSError(f"port {port} on 127.0.0.1 is taken ({err.strerror}); choose other ports.") from err


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a process that ignores SIGKILL
            pass


def run_two_workers(
    steps: int,
    global_batch: int,
    ports: tuple[int, int] | None = None,
    timeout_s: float = 120,
    fail_worker: int | None = None,
) -> dict[str, Any]:
    """Train with two local worker processes; return their per-step losses, seconds and process ids.

    Ports default to two free loopback ports. A taken port raises OSError, a worker that exits with an
    error raises RuntimeError with its last output, and a run longer than `timeout_s` raises TimeoutError;
    in every case both processes are killed before returning. `fail_worker` (0 or 1) makes that worker exit
    with an error at start, to see the failure handling at work.
    """
    steps, global_batch = positive_int(steps, "steps"), positive_int(global_batch, "global_batch")
    if global_batch % 2:
        raise ValueError(f"global_batch must be even to split over 2 workers, got {global_batch}.")
    timeout_s = positive_number(timeout_s, "timeout_s (seconds)")
    if fail_worker not in (None, 0, 1):
        raise ValueError(f"fail_worker must be None, 0 or 1, got {fail_worker!r}.")
    ports = tuple(free_ports(2)) if ports is None else tuple(ports)
    if len(ports) != 2 or ports[0] == ports[1]:
        raise ValueError(f"ports must be two different port numbers, got {ports!r}.")
    ports = tuple(whole_number(port, f"ports[{i}]", minimum=1, maximum=65535) for i, port in enumerate(ports))
    for port in ports:
        check_port_free(port)
    workers = [f"127.0.0.1:{port}" for port in ports]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    processes: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="course-workers-") as folder:
        outputs = [Path(folder) / f"worker{i}.json" for i in range(2)]
        logs = [open(Path(folder) / f"worker{i}.log", "w+") for i in range(2)]  # noqa: SIM115 - closed below
        start = time.perf_counter()
        try:
            for index in range(2):
                command = [sys.executable, "-m", "utils.lessons.model_to_product.distributed"]
                command += ["--workers", ",".join(workers), "--index", str(index), "--steps", str(steps)]
                command += ["--global-batch", str(global_batch), "--out", str(outputs[index])]
                command += ["--fail"] if fail_worker == index else []
                processes.append(
                    subprocess.Popen(command, cwd=ROOT, env=env, stdout=logs[index], stderr=subprocess.STDOUT)
                )
            while any(p.poll() is None for p in processes):
                for index, process in enumerate(processes):
                    if process.poll() not in (None, 0):
                        logs[index].seek(0)
                        tail = logs[index].read()[-1500:]
                        raise RuntimeError(f"worker {index} died with exit code {process.returncode}:\n{tail}")
                if time.perf_counter() - start > timeout_s:
                    raise TimeoutError(f"the two workers did not finish within {timeout_s:g} s; both were stopped.")
                time.sleep(0.2)
            for index, process in enumerate(processes):
                if process.returncode != 0:
                    logs[index].seek(0)
                    raise RuntimeError(
                        f"worker {index} died with exit code {process.returncode}:\n{logs[index].read()[-1500:]}"
                    )
            results = [json.loads(path.read_text()) for path in outputs]
        finally:
            _stop(processes)
            for log in logs:
                log.close()
    return {
        "losses": [r["losses"] for r in results],
        "seconds": time.perf_counter() - start,
        "pids": [p.pid for p in processes],
        "ports": list(ports),
    }


def main(argv: list[str] | None = None) -> None:
    """Run one worker: set TF_CONFIG, train under MultiWorkerMirroredStrategy, write the losses as JSON."""
    parser = argparse.ArgumentParser(description="One worker of a local MultiWorkerMirroredStrategy run.")
    parser.add_argument("--workers", required=True, help="comma-separated host:port of every worker")
    parser.add_argument("--index", type=int, required=True)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--global-batch", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--fail", action="store_true", help="exit with an error at once (failure handling demo)")
    if argv is not None and (isinstance(argv, str) or not all(isinstance(a, str) for a in argv)):
        raise TypeError(f"argv must be a list of strings (command-line arguments), got {argv!r:.80}.")
    args = parser.parse_args(argv)
    workers = args.workers.split(",")
    for worker in workers:
        host, _, port = worker.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"--workers must list host:port entries with ports in 1..65535, got {worker!r}.")
    whole_number(args.index, "--index", minimum=0, maximum=len(workers) - 1)
    positive_int(args.steps, "--steps")
    positive_int(args.global_batch, "--global-batch")
    if not Path(args.out).parent.is_dir():
        raise FileNotFoundError(f"--out {args.out}: its folder does not exist.")
    if args.fail:
        raise SystemExit(f"worker {args.index}: asked to fail (--fail)")
    os.environ["TF_CONFIG"] = json.dumps(
        {"cluster": {"worker": workers}, "task": {"type": "worker", "index": args.index}}
    )
    from utils.environment import import_tensorflow

    tf = import_tensorflow()
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    losses = train_losses(strategy, args.steps, args.global_batch)
    Path(args.out).write_text(json.dumps({"index": args.index, "losses": losses}))


if __name__ == "__main__":
    main()
