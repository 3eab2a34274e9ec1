import math

import numpy as np
import pytest

from utils.lessons.cnn_lab import exercises as checks
from utils.lessons.cnn_lab import solutions as solution


def stub(*args, **kwargs):
    raise NotImplementedError


# --- conv_output_size -------------------------------------------------------------------------


def test_conv_output_size_solution_passes():
    feedback = checks.check_conv_output_size(solution.conv_output_size)
    assert feedback.passed, feedback.message


def test_conv_output_size_stub_not_attempted():
    assert checks.check_conv_output_size(stub).status == "not_attempted"


def test_conv_output_size_true_division_is_flagged():
    def float_size(n, kernel, stride=1, padding="valid"):
        pad = 0 if padding == "valid" else (kernel - 1) / 2 if padding == "same" else padding
        return (n + 2 * pad - kernel) / stride + 1

    feedback = checks.check_conv_output_size(float_size)
    assert feedback.status == "failed"
    assert "result is a float" in feedback.message and "return an int" in feedback.message


def test_conv_output_size_same_ignoring_stride_is_flagged():
    def no_stride_same(n, kernel, stride=1, padding="valid"):
        if padding == "same":
            return n
        pad = 0 if padding == "valid" else padding
        return (n + 2 * pad - kernel) // stride + 1

    feedback = checks.check_conv_output_size(no_stride_same)
    assert feedback.status == "failed"
    assert "'same'" in feedback.message and "expected 16" in feedback.message


def test_conv_output_size_ignoring_integer_padding_is_flagged():
    def no_int_padding(n, kernel, stride=1, padding="valid"):
        if padding == "same":
            return math.ceil(n / stride)
        return (n - kernel) // stride + 1

    feedback = checks.check_conv_output_size(no_int_padding)
    assert feedback.status == "failed" and "padding 1" in feedback.message


def test_conv_output_size_float_result_is_flagged():
    def as_float(n, kernel, stride=1, padding="valid"):
        return float(solution.conv_output_size(n, kernel, stride, padding))

    feedback = checks.check_conv_output_size(as_float)
    assert feedback.status == "failed" and "int" in feedback.message


def test_conv_output_size_exception_is_explained():
    def crashes(n, kernel, stride=1, padding="valid"):
        return n // 0

    feedback = checks.check_conv_output_size(crashes)
    assert feedback.status == "failed" and "ZeroDivisionError" in feedback.message


# --- conv2d -------------------------------------------------------------------------------------


def test_conv2d_solution_passes():
    feedback = checks.check_conv2d(solution.conv2d)
    assert feedback.passed, feedback.message


def test_conv2d_stub_not_attempted():
    assert checks.check_conv2d(stub).status == "not_attempted"


def test_conv2d_flipped_kernel_is_named():
    def true_convolution(x, w, stride=1):
        return solution.conv2d(x, w[::-1, ::-1], stride)

    feedback = checks.check_conv2d(true_convolution)
    assert feedback.status == "failed" and "flips the kernel" in feedback.message


def test_conv2d_missing_channel_sum_is_flagged():
    def first_channel_only(x, w, stride=1):
        return solution.conv2d(x[:, :, :1], w[:, :, :1, :], stride)

    feedback = checks.check_conv2d(first_channel_only)
    assert feedback.status == "failed" and "wrong value" in feedback.message
    assert "3 channels in" in feedback.message


def test_conv2d_ignoring_stride_is_a_shape_error():
    def no_stride(x, w, stride=1):
        return solution.conv2d(x, w, 1)

    feedback = checks.check_conv2d(no_stride)
    assert feedback.status == "failed" and "wrong shape" in feedback.message and "stride 2" in feedback.message


def _tf_conv2d(x, w, stride):
    import tensorflow as tf

    return tf.nn.conv2d(x[None], w, strides=stride, padding="VALID").numpy()[0]


@pytest.mark.parametrize("example", [*checks.CONV2D.examples, *checks.CONV2D.edges], ids=lambda e: e.label[:30])
def test_conv2d_reference_matches_tensorflow(example):
    """The checker's reference is itself checked against tf.nn.conv2d on every fixed input."""
    x, w, *stride = example.args
    stride = stride[0] if stride else 1
    assert np.allclose(solution.conv2d(x, w, stride), _tf_conv2d(x, w, stride), rtol=1e-5, atol=1e-5)


def test_conv2d_reference_matches_tensorflow_on_random_draws():
    for example in checks.CONV2D.random_inputs(seed=7):
        x, w, stride = example.args
        assert np.allclose(solution.conv2d(x, w, stride), _tf_conv2d(x, w, stride), rtol=1e-5, atol=1e-5)


# --- count_params -------------------------------------------------------------------------------


def test_count_params_solution_passes():
    feedback = checks.check_count_params(solution.count_params)
    assert feedback.passed, feedback.message


def test_count_params_stub_not_attempted():
    assert checks.check_count_params(stub).status == "not_attempted"


def test_count_params_without_biases_is_flagged():
    def no_bias(input_shape, layers):
        h, w, c = input_shape
        total, flat = 0, None
        for layer in layers:
            if layer[0] == "conv":
                total += layer[2] ** 2 * c * layer[1]
                h, w, c = h - layer[2] + 1, w - layer[2] + 1, layer[1]
            elif layer[0] == "pool":
                h, w = h // layer[1], w // layer[1]
            elif layer[0] == "flatten":
                flat = h * w * c
            else:
                total += flat * layer[1]
                flat = layer[1]
        return total

    feedback = checks.check_count_params(no_bias)
    assert feedback.status == "failed" and "article-003" in feedback.message
    assert "expected 93322" in feedback.message


def test_count_params_ignoring_input_channels_is_flagged():
    def no_channels(input_shape, layers):
        h, w, _ = input_shape
        c, total, flat = 1, 0, None
        for layer in layers:
            if layer[0] == "conv":
                total += (layer[2] ** 2 + 1) * layer[1]
                h, w, c = h - layer[2] + 1, w - layer[2] + 1, layer[1]
            elif layer[0] == "pool":
                h, w = h // layer[1], w // layer[1]
            elif layer[0] == "flatten":
                flat = h * w * c
            else:
                total += (flat + 1) * layer[1]
                flat = layer[1]
        return total

    feedback = checks.check_count_params(no_channels)
    assert feedback.status == "failed" and "expected 93322" in feedback.message


def test_count_params_pooling_rounding_up_is_flagged():
    def ceil_pool(input_shape, layers):
        h, w, c = input_shape
        total, flat = 0, None
        for layer in layers:
            if layer[0] == "conv":
                total += (layer[2] ** 2 * c + 1) * layer[1]
                h, w, c = h - layer[2] + 1, w - layer[2] + 1, layer[1]
            elif layer[0] == "pool":
                h, w = -(-h // layer[1]), -(-w // layer[1])
            elif layer[0] == "flatten":
                flat = h * w * c
            else:
                total += (flat + 1) * layer[1]
                flat = layer[1]
        return total

    feedback = checks.check_count_params(ceil_pool)
    assert feedback.status == "failed" and "expected" in feedback.message


@pytest.mark.parametrize(
    "example", [*checks.COUNT_PARAMS.examples, *checks.COUNT_PARAMS.edges], ids=lambda e: e.label[:30]
)
def test_count_params_solution_agrees_with_keras(example):
    import keras
    from keras import layers as kl

    shape, spec = example.args
    model_layers = [keras.Input(shape=shape)]
    for layer in spec:
        if layer[0] == "conv":
            model_layers.append(kl.Conv2D(layer[1], layer[2]))
        elif layer[0] == "pool":
            model_layers.append(kl.MaxPooling2D(layer[1]))
        elif layer[0] == "flatten":
            model_layers.append(kl.Flatten())
        else:
            model_layers.append(kl.Dense(layer[1]))
    assert solution.count_params(shape, spec) == keras.Sequential(model_layers).count_params()


def test_count_params_dense_on_feature_map_acts_on_channels():
    import keras
    from keras import layers as kl

    model = keras.Sequential([keras.Input(shape=(4, 4, 3)), kl.Dense(5), kl.Flatten(), kl.Dense(2)])
    assert solution.count_params((4, 4, 3), [("dense", 5), ("flatten",), ("dense", 2)]) == model.count_params()


def test_count_params_unknown_layer_raises():
    with pytest.raises(ValueError, match="unknown layer kind 'conv3d'"):
        solution.count_params((8, 8, 1), [("conv3d", 3)])


# --- inputs that separate the common wrong answers -----------------------------------------------


def _size(n, k, s=1, p="valid"):
    pad = 0 if p == "valid" else int(p)
    return (n + 2 * pad - k) // s + 1


@pytest.mark.parametrize(
    "wrong",
    [
        lambda n, k, s=1, p="valid": n // s if p == "same" else _size(n, k, s, p),
        lambda n, k, s=1, p="valid": _size(n, k, s, k // 2) if p == "same" else _size(n, k, s, p),
        lambda n, k, s=1, p="valid": _size(n, k, s, (k - 1) // 2) if p == "same" else _size(n, k, s, p),
        lambda n, k, s=1, p="valid": (
            math.ceil(n / s) if p == "same" else math.ceil((n + 2 * (p != "valid" and int(p)) - k) / s) + 1
        ),
        lambda n, k, s=1, p="valid": math.ceil(n / s) if p == "same" else (n + (p != "valid" and int(p)) - k) // s + 1,
        lambda n, k, s=1, p="valid": str(solution.conv_output_size(n, k, s, p)),
        lambda n, k, s=1, p="valid": float(solution.conv_output_size(n, k, s, p)),
    ],
    ids=["same n//s", "same pad k//2", "same pad (k-1)//2", "ceil everywhere", "padding once", "string", "float"],
)
def test_conv_output_size_plausible_wrong_answers(wrong):
    assert checks.check_conv_output_size(wrong).status == "failed"


def test_conv_output_size_variant_with_negative_floor_division_passes():
    def variant(n, k, s=1, p="valid"):
        if p == "same":
            return -(-n // s)
        return int(np.floor((n + 2 * (0 if p == "valid" else p) - k) / s)) + 1

    assert checks.check_conv_output_size(variant).passed


def test_conv2d_einsum_variant_passes_and_mean_fails():
    def einsum_conv(x, w, stride=1):
        kh, kw = w.shape[:2]
        h = (x.shape[0] - kh) // stride + 1
        v = (x.shape[1] - kw) // stride + 1
        windows = np.stack(
            [[x[i * stride : i * stride + kh, j * stride : j * stride + kw] for j in range(v)] for i in range(h)]
        )
        return np.einsum("hwabc,abcd->hwd", windows, w)

    assert checks.check_conv2d(einsum_conv).passed
    assert checks.check_conv2d(lambda x, w, s=1: einsum_conv(x, w, s) / w[..., 0].size).status == "failed"
    assert checks.check_conv2d(lambda x, w, s=1: einsum_conv(x, w, 1)).status == "failed"
    assert checks.check_conv2d(lambda x, w, s=1: einsum_conv(x, w, s).tolist()).passed  # nested lists have a shape


def _count(shape, layers, conv_bias=True, dense_bias=True, pool_ceil=False, flatten_channels=True):
    h, w, c = shape
    total = 0
    for layer in layers:
        if layer[0] == "conv":
            k = layer[2]
            total += (k * k * c + (1 if conv_bias else 0)) * layer[1]
            h, w, c = h - k + 1, w - k + 1, layer[1]
        elif layer[0] == "pool":
            p = layer[1]
            h, w = (-(-h // p), -(-w // p)) if pool_ceil else (h // p, w // p)
        elif layer[0] == "flatten":
            h, w, c = 1, 1, h * w * c if flatten_channels else h * w
        else:
            total += (h * w * c + (1 if dense_bias else 0)) * layer[1]
            h, w, c = 1, 1, layer[1]
    return total


@pytest.mark.parametrize(
    "options",
    [{"conv_bias": False}, {"dense_bias": False}, {"pool_ceil": True}, {"flatten_channels": False}],
)
def test_count_params_more_wrong_answers(options):
    assert checks.check_count_params(lambda s, layers: _count(s, layers, **options)).status == "failed"


def test_count_params_independent_variant_passes():
    assert checks.check_count_params(lambda s, layers: _count(s, layers)).passed


def _conv_sliding_windows(x, w, stride=1):
    windows = np.lib.stride_tricks.sliding_window_view(x, w.shape[:2], axis=(0, 1))[::stride, ::stride]
    return np.einsum("ijcab,abco->ijo", windows, w)


def _conv_tensorflow(x, w, stride=1):
    import tensorflow as tf

    return tf.nn.conv2d(x[None].astype(np.float32), w.astype(np.float32), strides=stride, padding="VALID").numpy()[0]


def _conv_loops(x, w, stride=1):
    kh, kw, _, c_out = w.shape
    out = np.zeros(((x.shape[0] - kh) // stride + 1, (x.shape[1] - kw) // stride + 1, c_out))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            for o in range(c_out):
                out[i, j, o] = np.sum(x[i * stride : i * stride + kh, j * stride : j * stride + kw, :] * w[:, :, :, o])
    return out


def _conv_one_row_short(x, w, stride=1):
    kh, kw, _, c_out = w.shape
    rows, cols = max((x.shape[0] - kh) // stride, 1), (x.shape[1] - kw) // stride + 1
    out = np.zeros((rows, cols, c_out))
    for i in range(rows):
        for j in range(cols):
            patch = x[i * stride : i * stride + kh, j * stride : j * stride + kw, :]
            out[i, j] = np.tensordot(patch, w, axes=([0, 1, 2], [0, 1, 2]))
    return out


def _count_keras(input_shape, layers):
    import keras

    model = keras.Sequential([keras.Input(shape=input_shape)])
    for layer in layers:
        if layer[0] == "conv":
            model.add(keras.layers.Conv2D(layer[1], layer[2]))
        elif layer[0] == "pool":
            model.add(keras.layers.MaxPooling2D(layer[1]))
        elif layer[0] == "flatten":
            model.add(keras.layers.Flatten())
        else:
            model.add(keras.layers.Dense(layer[1]))
    return model.count_params()


def _count_square(input_shape, layers):
    h, _, c = input_shape
    return _count((h, h, c), layers)


def _count_conv_without_plus_one(shape, layers):
    h, w, c = shape
    total, flat = 0, None
    for layer in layers:
        if layer[0] == "conv":
            total += (layer[2] ** 2 * c + 1) * layer[1]
            h, w, c = h - layer[2], w - layer[2], layer[1]
        elif layer[0] == "pool":
            h, w = h // layer[1], w // layer[1]
        elif layer[0] == "flatten":
            flat = h * w * c
        else:
            total += (flat + 1) * layer[1]
            flat = layer[1]
    return total


def _count_with_reduce(shape, layers):
    import functools

    def step(state, layer):
        (h, w, c), total = state
        kind = layer[0]
        if kind == "conv":
            return (h - layer[2] + 1, w - layer[2] + 1, layer[1]), total + (layer[2] * layer[2] * c + 1) * layer[1]
        if kind == "pool":
            return (h // layer[1], w // layer[1], c), total
        if kind == "flatten":
            return (1, 1, h * w * c), total
        return (1, 1, layer[1]), total + (h * w * c + 1) * layer[1]

    return functools.reduce(step, layers, (tuple(shape), 0))[1]


CHECKS = {
    "conv_output_size": checks.check_conv_output_size,
    "conv2d": checks.check_conv2d,
    "count_params": checks.check_count_params,
}
WRONG = {
    "conv_output_size": [
        (lambda n, k, s=1, p="valid": n // s if p == "same" else _size(n, k, s, p), "31 is odd"),
        (lambda n, k, s=1, p="valid": n if p == "same" else _size(n, k, s, p), "ignores the stride"),
        (lambda n, k, s=1, p="valid": _size(n, k, s, k // 2) if p == "same" else _size(n, k, s, p), "even"),
        (lambda n, k, s=1, p="valid": math.ceil(n / s) if p == "same" else (n - k) // s + 1, "ignored an integer"),
        (lambda n, k, s=1, p="valid": round((n + 2 * (0 if p in ("valid", "same") else p) - k) / s) + 1, "expected"),
        (lambda n, k, s=1, p="valid": float(solution.conv_output_size(n, k, s, p)), "return an int"),
        (lambda n, k, s, p: solution.conv_output_size(n, k, s, p), "defaults"),
        (
            lambda n, k, s=1, p="valid": (
                math.ceil(n / s) if p == "same" else (n + 2 * (0 if p == "valid" else p) - k) // s
            ),
            "expected",
        ),
    ],
    "conv2d": [
        (lambda x, w, s=1: solution.conv2d(x, w[::-1, ::-1], s), "flips the kernel"),
        (lambda x, w, s=1: solution.conv2d(x[:, :, :1], w[:, :, :1, :], s), "first input channel"),
        (lambda x, w, s=1: solution.conv2d(x, w, 1), "stride"),
        (lambda x, w, s=1: solution.conv2d(x, w.transpose(1, 0, 2, 3), s), "expected"),
        (_conv_one_row_short, "wrong shape"),
        (lambda x, w, s=1: solution.conv2d(x, w, s).sum(axis=2), "wrong shape"),
        (lambda x, w, s=1: solution.conv2d(x, w, s) / w[..., 0].size, "expected"),
    ],
    "count_params": [
        (lambda s, layers: _count(s, layers, conv_bias=False), "expected 93322"),
        (lambda s, layers: _count(s, layers, dense_bias=False), "expected 93322"),
        (lambda s, layers: _count(s, layers, pool_ceil=True), "expected 93322"),
        (lambda s, layers: _count(s, layers, flatten_channels=False), "expected 93322"),
        (_count_square, "non-square"),
        (_count_conv_without_plus_one, "expected 93322"),
        (lambda s, layers: float(_count(s, layers) + 1), "expected 93322"),
    ],
}
RIGHT = {
    "conv_output_size": [
        lambda n, k, s=1, p="valid": (
            -(-n // s) if p == "same" else math.ceil((n + 2 * (0 if p == "valid" else p) - k + 1) / s)
        ),
        lambda n, k, s=1, p="valid": (
            (n + s - 1) // s if p == "same" else int(np.floor_divide(n + 2 * (0 if p == "valid" else p) - k, s)) + 1
        ),
        lambda n, k, s=1, p="valid": np.int64(solution.conv_output_size(n, k, s, p)),
    ],
    "conv2d": [_conv_sliding_windows, _conv_tensorflow, _conv_loops],
    "count_params": [_count_keras, _count_with_reduce, lambda s, layers: _count(s, layers)],
}


@pytest.mark.parametrize(
    "name, wrong, words", [(n, w, s) for n, cases in WRONG.items() for w, s in cases], ids=lambda v: str(v)[:20]
)
def test_plausible_wrong_answers_fail_with_reason(name, wrong, words):
    feedback = CHECKS[name](wrong)
    assert feedback.status == "failed" and words in feedback.message, str(feedback)
    assert "\n" not in feedback.message


@pytest.mark.parametrize("name, right", [(n, r) for n, rights in RIGHT.items() for r in rights])
def test_right_answers_written_differently_pass(name, right):
    feedback = CHECKS[name](right)
    assert feedback.passed, str(feedback)
