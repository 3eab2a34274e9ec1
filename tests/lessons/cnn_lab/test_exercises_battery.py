"""An outside battery for notebook 06's checkers: new plausible wrong answers (each wrong on some inputs only) and
right answers written differently, as a learner would write them. Every wrong one must be refused in words, every
right one accepted."""

import math

import numpy as np
import pytest

from utils.environment import import_tensorflow
from utils.lessons.cnn_lab.exercises import check_conv2d, check_conv_output_size, check_count_params

CHECKS = {"conv_output_size": check_conv_output_size, "conv2d": check_conv2d, "count_params": check_count_params}

# ---- conv_output_size -----------------------------------------------------------------------------


def size_plus_one_inside(n, kernel, stride=1, padding="valid"):  # (n - k + 1) // s
    if padding == "same":
        return math.ceil(n / stride)
    p = 0 if padding == "valid" else padding
    return (n + 2 * p - kernel + 1) // stride


def size_one_sided_padding(n, kernel, stride=1, padding="valid"):
    if padding == "same":
        return math.ceil(n / stride)
    p = 0 if padding == "valid" else padding
    return (n + p - kernel) // stride + 1


def size_lower_case(n, kernel, stride=1, padding="valid"):  # .lower() breaks on an integer padding
    padding = padding.lower()
    if padding == "same":
        return math.ceil(n / stride)
    return (n - kernel) // stride + 1


def size_rounds_half_even(n, kernel, stride=1, padding="valid"):
    if padding == "same":
        return math.ceil(n / stride)
    p = 0 if padding == "valid" else padding
    return round((n + 2 * p - kernel) / stride) + 1


def size_numpy_floor(n, kernel, stride=1, padding="valid"):  # np.floor returns a float
    if padding == "same":
        return np.ceil(n / stride)
    p = 0 if padding == "valid" else padding
    return np.floor((n + 2 * p - kernel) / stride) + 1


def size_same_half_kernel(n, kernel, stride=1, padding="valid"):  # 'same' pads (k - 1) // 2 on each side
    p = (kernel - 1) // 2 if padding == "same" else 0 if padding == "valid" else padding
    return (n + 2 * p - kernel) // stride + 1


def size_stride_default_two(n, kernel, stride=2, padding="valid"):
    if padding == "same":
        return math.ceil(n / stride)
    p = 0 if padding == "valid" else padding
    return (n + 2 * p - kernel) // stride + 1


def size_same_as_input(n, kernel, stride=1, padding="valid"):  # 'same' keeps n whatever the stride
    if padding == "same":
        return n // stride if stride > 1 else n
    p = 0 if padding == "valid" else padding
    return (n + 2 * p - kernel) // stride + 1


def size_as_tuple(n, kernel, stride=1, padding="valid"):  # one size per axis of a square image
    out = (
        math.ceil(n / stride)
        if padding == "same"
        else (n + 2 * (0 if padding == "valid" else padding) - kernel) // (stride) + 1
    )
    return out, out


def size_integer_padding_as_same(n, kernel, stride=1, padding="valid"):  # any padding but 'valid' read as 'same'
    if padding == "valid" or padding == 0:
        return (n - kernel) // stride + 1
    return math.ceil(n / stride)


def size_string(n, kernel, stride=1, padding="valid"):
    out = (
        math.ceil(n / stride)
        if padding == "same"
        else (n + 2 * (0 if padding == "valid" else padding) - kernel) // (stride) + 1
    )
    return str(out)


def size_ceil_of_window_count(n, kernel, stride=1, padding="valid"):  # TensorFlow's way of writing 'valid'
    if padding == "same":
        return -(-n // stride)
    p = 0 if padding == "valid" else padding
    return math.ceil((n + 2 * p - kernel + 1) / stride)


def size_int_truncation(n, kernel, stride=1, padding="valid"):
    if padding == "same":
        return int(math.ceil(n / stride))
    p = 0 if padding == "valid" else int(padding)
    return int((n + 2 * p - kernel) / stride + 1)


def size_counting_windows(n, kernel, stride=1, padding="valid"):
    if padding == "same":
        return len(range(0, n, stride))
    p = 0 if padding == "valid" else padding
    return len(range(0, n + 2 * p - kernel + 1, stride))


def size_keras(n, kernel, stride=1, padding="valid"):  # asks Keras itself (integer padding via ZeroPadding1D)
    import keras
    from keras import layers

    inputs = keras.Input((int(n), 1))
    x = inputs
    if not isinstance(padding, str):
        x = layers.ZeroPadding1D(int(padding))(x)
        padding = "valid"
    return int(layers.Conv1D(1, int(kernel), strides=int(stride), padding=padding)(x).shape[1])


def size_dictionary(n, kernel, stride=1, padding="valid"):
    if isinstance(padding, str):
        pad = {"valid": 0, "same": None}[padding]
    else:
        pad = padding
    if pad is None:
        return (n + stride - 1) // stride
    return (n + 2 * pad - kernel) // stride + 1


# ---- conv2d ---------------------------------------------------------------------------------------


def _conv(x, w, stride, flip=False):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    kh, kw, _, c_out = w.shape
    if flip:
        w = w[::-1, ::-1]
    h_out, w_out = (x.shape[0] - kh) // stride + 1, (x.shape[1] - kw) // stride + 1
    out = np.zeros((h_out, w_out, c_out))
    for i in range(h_out):
        for j in range(w_out):
            patch = x[i * stride : i * stride + kh, j * stride : j * stride + kw]
            out[i, j] = np.tensordot(patch, w, axes=3)
    return out


def conv_size_after_stride(x, w, stride=1):  # (H - kh + 1) // stride output rows
    kh, kw = w.shape[:2]
    h_out, w_out = (x.shape[0] - kh + 1) // stride, (x.shape[1] - kw + 1) // stride
    return _conv(x, w, stride)[:h_out, :w_out]


def conv_same_size(x, w, stride=1):  # pads the output with zeros up to the input's size
    out = _conv(x, w, stride)
    full = np.zeros((x.shape[0] // stride, x.shape[1] // stride, w.shape[3]))
    full[: out.shape[0], : out.shape[1]] = out[: full.shape[0], : full.shape[1]]
    return full


def conv_depthwise(x, w, stride=1):  # pairs input channel c with output channel c only
    kh, kw, c_in, c_out = w.shape
    out = np.zeros(((x.shape[0] - kh) // stride + 1, (x.shape[1] - kw) // stride + 1, c_out))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            for o in range(c_out):
                c = o % c_in
                out[i, j, o] = np.sum(x[i * stride : i * stride + kh, j * stride : j * stride + kw, c] * w[:, :, c, o])
    return out


def conv_channels_first(x, w, stride=1):
    return np.moveaxis(_conv(x, w, stride), -1, 0)


def conv_last_row_missing(x, w, stride=1):
    out = _conv(x, w, stride)
    out[-1] = 0.0
    return out


def conv_stride_on_rows_only(x, w, stride=1):
    kh, kw, _, c_out = w.shape
    h_out, w_out = (x.shape[0] - kh) // stride + 1, (x.shape[1] - kw) // stride + 1
    out = np.zeros((h_out, w_out, c_out))
    for i in range(h_out):
        for j in range(w_out):
            out[i, j] = np.tensordot(x[i * stride : i * stride + kh, j : j + kw], w, axes=3)
    return out


def conv_first_output_channel(x, w, stride=1):  # every output channel uses kernel 0
    out = _conv(x, w[..., :1], stride)
    return np.repeat(out, w.shape[3], axis=2)


def conv_mean_not_sum(x, w, stride=1):
    return _conv(x, w, stride) / (w.shape[0] * w.shape[1] * w.shape[2])


def conv_square_kernel_assumed(x, w, stride=1):  # uses kh for both sides
    kh = w.shape[0]
    return _conv(x, np.resize(w, (kh, kh) + w.shape[2:]), stride) if w.shape[1] != kh else _conv(x, w, stride)


def conv_transposed_image(x, w, stride=1):  # reads x as (W, H, C)
    return (
        _conv(np.transpose(x, (1, 0, 2)), w, stride).transpose(1, 0, 2)
        if x.shape[0] != x.shape[1]
        else (_conv(x.transpose(1, 0, 2), w.transpose(1, 0, 2, 3), stride).transpose(1, 0, 2))
    )


def conv_float32_accumulator(x, w, stride=1):  # accumulates in float16
    return _conv(x, w, stride).astype(np.float16)


def conv_flipped(x, w, stride=1):
    return _conv(x, w, stride, flip=True)


def conv_tf(x, w, stride=1):
    tf = import_tensorflow()
    return tf.nn.conv2d(x[None].astype(np.float32), w.astype(np.float32), strides=stride, padding="VALID")[0].numpy()


def conv_sliding_window(x, w, stride=1):
    kh, kw = w.shape[:2]
    windows = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(0, 1))[::stride, ::stride]
    return np.einsum("ijcab,abco->ijo", windows, w)


def conv_im2col(x, w, stride=1):
    kh, kw, c_in, c_out = w.shape
    h_out, w_out = (x.shape[0] - kh) // stride + 1, (x.shape[1] - kw) // stride + 1
    cols = np.empty((h_out * w_out, kh * kw * c_in))
    for i in range(h_out):
        for j in range(w_out):
            cols[i * w_out + j] = x[i * stride : i * stride + kh, j * stride : j * stride + kw].ravel()
    return (cols @ w.reshape(-1, c_out)).reshape(h_out, w_out, c_out)


def conv_six_loops(x, w, stride=1):
    kh, kw, c_in, c_out = w.shape
    h_out, w_out = (x.shape[0] - kh) // stride + 1, (x.shape[1] - kw) // stride + 1
    out = np.zeros((h_out, w_out, c_out))
    for i in range(h_out):
        for j in range(w_out):
            for o in range(c_out):
                total = 0.0
                for a in range(kh):
                    for b in range(kw):
                        for c in range(c_in):
                            total += x[i * stride + a, j * stride + b, c] * w[a, b, c, o]
                out[i, j, o] = total
    return out


def conv_keras_layer(x, w, stride=1):
    from keras import layers

    layer = layers.Conv2D(w.shape[3], w.shape[:2], strides=stride, use_bias=False, dtype="float64")
    layer.build((None, *x.shape))
    layer.set_weights([w.astype(np.float64)])
    return np.asarray(layer(x[None].astype(np.float64)))[0]


# ---- count_params ---------------------------------------------------------------------------------


def _count(
    input_shape,
    layers,
    conv_bias=True,
    dense_bias=True,
    pool=lambda s, p: s // p,
    conv_shrinks=True,
    update_channels=True,
    square=False,
    flatten=True,
):
    h, w, c = input_shape
    if square:
        w = h
    total, flat = 0, None
    for layer in layers:
        kind = layer[0]
        if kind == "conv":
            f, k = layer[1], layer[2]
            total += k * k * c * f + (f if conv_bias else 0)
            if conv_shrinks:
                h, w = h - k + 1, w - k + 1
            if update_channels:
                c = f
        elif kind == "pool":
            h, w = pool(h, layer[1]), pool(w, layer[1])
        elif kind == "flatten":
            flat = h * w * c if flatten else c
        elif kind == "dense":
            units = layer[1]
            inputs = flat if flat is not None else c
            total += inputs * units + (units if dense_bias else 0)
            flat = units
    return total


def params_no_conv_bias(input_shape, layers):
    return _count(input_shape, layers, conv_bias=False)


def params_no_dense_bias(input_shape, layers):
    return _count(input_shape, layers, dense_bias=False)


def params_pool_rounds_up(input_shape, layers):
    return _count(input_shape, layers, pool=lambda s, p: -(-s // p))


def params_same_padding(input_shape, layers):
    return _count(input_shape, layers, conv_shrinks=False)


def params_flatten_ignored(input_shape, layers):
    return _count(input_shape, layers, flatten=False)


def params_channels_never_update(input_shape, layers):
    return _count(input_shape, layers, update_channels=False)


def params_pool_stride_one(input_shape, layers):
    return _count(input_shape, layers, pool=lambda s, p: s - p + 1)


def params_square_input(input_shape, layers):
    return _count(input_shape, layers, square=True)


def params_pops_layers(input_shape, layers):  # consumes the caller's list
    total = 0
    h, w, c = input_shape
    flat = None
    while layers:
        layer = layers.pop(0)
        if layer[0] == "conv":
            total += (layer[2] ** 2 * c + 1) * layer[1]
            h, w, c = h - layer[2] + 1, w - layer[2] + 1, layer[1]
        elif layer[0] == "pool":
            h, w = h // layer[1], w // layer[1]
        elif layer[0] == "flatten":
            flat = h * w * c
        else:
            total += ((flat if flat is not None else c) + 1) * layer[1]
            flat = layer[1]
    return total


def params_true_division(input_shape, layers):  # h / size keeps fractions of pixels
    h, w, c = input_shape
    total, flat = 0, None
    for layer in layers:
        if layer[0] == "conv":
            total += (layer[2] ** 2 * c + 1) * layer[1]
            h, w, c = h - layer[2] + 1, w - layer[2] + 1, layer[1]
        elif layer[0] == "pool":
            h, w = h / layer[1], w / layer[1]
        elif layer[0] == "flatten":
            flat = int(h * w * c)
        else:
            total += ((flat if flat is not None else c) + 1) * layer[1]
            flat = layer[1]
    return total


def params_conv_kernel_linear(input_shape, layers):  # k * c instead of k * k * c weights per filter
    h, w, c = input_shape
    total, flat = 0, None
    for layer in layers:
        if layer[0] == "conv":
            total += (layer[2] * c + 1) * layer[1]
            h, w, c = h - layer[2] + 1, w - layer[2] + 1, layer[1]
        elif layer[0] == "pool":
            h, w = h // layer[1], w // layer[1]
        elif layer[0] == "flatten":
            flat = h * w * c
        else:
            total += ((flat if flat is not None else c) + 1) * layer[1]
            flat = layer[1]
    return total


def params_float_total(input_shape, layers):
    return float(_count(input_shape, layers))


def params_keras(input_shape, layers):
    import keras
    from keras import layers as L

    model = keras.Sequential([keras.Input(input_shape)])
    for layer in layers:
        kind = layer[0]
        if kind == "conv":
            model.add(L.Conv2D(layer[1], layer[2]))
        elif kind == "pool":
            model.add(L.MaxPooling2D(layer[1]))
        elif kind == "flatten":
            model.add(L.Flatten())
        else:
            model.add(L.Dense(layer[1]))
    return model.count_params()


def params_shapes_list(input_shape, layers):
    shape = list(input_shape)
    counts = []
    for kind, *args in layers:
        if kind == "conv":
            filters, k = args
            counts.append(filters * (k * k * shape[-1] + 1))
            shape = [shape[0] - k + 1, shape[1] - k + 1, filters]
        elif kind == "pool":
            shape = [shape[0] // args[0], shape[1] // args[0], shape[2]]
        elif kind == "flatten":
            shape = [int(np.prod(shape))]
        elif kind == "dense":
            counts.append(args[0] * (shape[-1] + 1))
            shape = shape[:-1] + [args[0]]
    return sum(counts)


def params_numpy_int(input_shape, layers):
    return np.int64(_count(input_shape, layers))


def params_match(input_shape, layers):
    h, w, c = input_shape
    total = 0
    for layer in layers:
        match layer:
            case ("conv", filters, k):
                total += filters * (k * k * c + 1)
                h, w, c = h - k + 1, w - k + 1, filters
            case ("pool", size):
                h, w = h // size, w // size
            case ("flatten",):
                h, w, c = 1, 1, h * w * c
            case ("dense", units):
                total += units * (h * w * c + 1) if h * w == 1 else units * (c + 1)
                c = units
    return total


def params_recursive(input_shape, layers):
    if not layers:
        return 0
    (h, w, c), (kind, *args) = input_shape, layers[0]
    if kind == "conv":
        return args[0] * (args[1] ** 2 * c + 1) + params_recursive(
            (h - args[1] + 1, w - args[1] + 1, args[0]), layers[1:]
        )
    if kind == "pool":
        return params_recursive((h // args[0], w // args[0], c), layers[1:])
    if kind == "flatten":
        return params_recursive((1, 1, h * w * c), layers[1:])
    return args[0] * (c + 1) + params_recursive((h, w, args[0]), layers[1:])


BATTERY_WRONG = {
    "conv_output_size": [
        (size_plus_one_inside, "expected"),
        (size_one_sided_padding, "expected"),
        (size_lower_case, "AttributeError"),
        (size_rounds_half_even, "expected"),
        (size_numpy_floor, "int"),
        (size_same_half_kernel, "even"),
        (size_stride_default_two, "defaults"),
        (size_same_as_input, "expected"),
        (size_as_tuple, ""),
        (size_integer_padding_as_same, "padding"),
        (size_string, ""),
    ],
    "conv2d": [
        (conv_size_after_stride, "shape"),
        (conv_same_size, "shape"),
        (conv_depthwise, "expected"),
        (conv_channels_first, "shape"),
        (conv_last_row_missing, "expected"),
        (conv_stride_on_rows_only, "stride"),
        (conv_first_output_channel, "expected"),
        (conv_mean_not_sum, "expected"),
        (conv_square_kernel_assumed, "expected"),
        (conv_transposed_image, "expected"),
        (conv_float32_accumulator, "float16"),
        (conv_flipped, "flips the kernel"),
    ],
    "count_params": [
        (params_no_conv_bias, "expected"),
        (params_no_dense_bias, "expected"),
        (params_pool_rounds_up, "expected"),
        (params_same_padding, "expected"),
        (params_flatten_ignored, "expected"),
        (params_channels_never_update, "expected"),
        (params_pool_stride_one, "expected"),
        (params_square_input, "non-square"),
        (params_pops_layers, "in place"),
        (params_true_division, "expected"),
        (params_conv_kernel_linear, "expected"),
    ],
}
BATTERY_RIGHT = {
    "conv_output_size": [
        size_ceil_of_window_count,
        size_int_truncation,
        size_counting_windows,
        size_keras,
        size_dictionary,
    ],
    "conv2d": [conv_tf, conv_sliding_window, conv_im2col, conv_six_loops, conv_keras_layer],
    "count_params": [
        params_float_total,
        params_keras,
        params_shapes_list,
        params_numpy_int,
        params_match,
        params_recursive,
    ],
}


def _id(value):
    return getattr(value, "__name__", None) or str(value)[:20]


@pytest.mark.parametrize(
    "name, wrong, words",
    [(name, wrong, words) for name, cases in BATTERY_WRONG.items() for wrong, words in cases],
    ids=_id,
)
def test_battery_wrong_answer_is_refused_in_words(name, wrong, words):
    feedback = CHECKS[name](wrong)
    assert feedback.status == "failed", str(feedback)
    assert words in feedback.message, str(feedback)
    assert "\n" not in feedback.message and "Traceback" not in feedback.message, str(feedback)


@pytest.mark.parametrize(
    "name, right", [(name, right) for name, rights in BATTERY_RIGHT.items() for right in rights], ids=_id
)
def test_battery_right_answer_passes(name, right):
    feedback = CHECKS[name](right)
    assert feedback.passed, str(feedback)


def test_battery_is_large_enough():
    for name in CHECKS:
        assert len(BATTERY_WRONG[name]) >= 10 and len(BATTERY_RIGHT[name]) >= 5, name
