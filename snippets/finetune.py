"""A tiny trainable text classifier: the stand-in for fine-tuning.

Used by the page "Fine-tuning vs RAG, measured" (``docs/finetune.md``) through
``snippets/compare.py``. No language model is trained here. This is softmax
(multinomial logistic) regression over hashed word and character n-grams,
trained by seeded stochastic gradient descent. It shares the mechanics that
matter for the comparison with real fine-tuning:

* its weights change by gradient steps on labelled examples;
* the cost of training is paid up front, before the first answer;
* `fine_tune` continues from an existing model's weights, the way a
  fine-tuning run starts from a pretrained model, and returns a new model;
* when the desired outputs change, the only way to change what it says is
  another training run.

Features are hashed with CRC-32 (the same in every process and in Pyodide,
unlike Python's salted ``hash``), so a model is fully determined by its
examples, its settings and its seed.

Copy this file alone: it imports nothing outside the standard library.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import random
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

# --8<-- [start:features]
WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
DIM = 2**14
SKIP = 1e-4  # gradient steps smaller than this are skipped (they change nothing visible)


def features(text: str, *, dim: int = DIM) -> dict[int, float]:
    """Turn a text into a sparse, unit-length vector of hashed n-gram features.

    The features are the lowercase words, pairs of neighbouring words and the
    first and last character 4-grams of each word (``<`` and ``>`` mark its
    edges), so "refund" and "refunds" share a feature even though they are
    different words. Each feature is hashed
    with CRC-32 into one of ``dim`` slots; the vector counts the features per
    slot and is scaled to length one.

    Args:
        text: Any text.
        dim: Number of hash slots (1 or more).

    Returns:
        ``{slot: value}`` for the slots that are used, values summing in square
        to 1 (empty for a text without words).

    Example:
        ```python
        from snippets.finetune import features

        vector = features("Refund my invoice, please")
        assert abs(sum(v * v for v in vector.values()) - 1.0) < 1e-9
        ```
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__}")
    if isinstance(dim, bool) or not isinstance(dim, int) or dim < 1:
        raise ValueError(f"dim must be a whole number >= 1, got {dim!r}")
    words = WORD.findall(text.lower())
    grams = [f"w:{w}" for w in words]
    grams += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    for w in words:
        marked = f"<{w}>"
        grams += [f"c:{marked[:4]}", f"c:{marked[-4:]}"] if len(marked) > 4 else []
    counts: dict[int, float] = {}
    for gram in grams:
        slot = zlib.crc32(gram.encode()) % dim
        counts[slot] = counts.get(slot, 0.0) + 1.0
    norm = math.sqrt(sum(v * v for v in counts.values()))
    return {slot: v / norm for slot, v in counts.items()} if norm else {}


# --8<-- [end:features]


# --8<-- [start:model]
@dataclass(frozen=True)
class Model:
    """A trained classifier: one weight vector and one bias per label.

    Models are immutable: `train` and `fine_tune` return new ones.

    Attributes:
        labels: The labels the model can output, in the order first seen.
        weights: One tuple of ``dim`` weights per label.
        bias: One bias per label.
        dim: Number of hash slots of the features.
        steps: Gradient steps taken so far, fine-tuning included.
    """

    labels: tuple[str, ...]
    weights: tuple[tuple[float, ...], ...]
    bias: tuple[float, ...]
    dim: int
    steps: int


def _check_examples(examples: Sequence[tuple[str, str]]) -> None:
    if not examples:
        raise ValueError("need at least one (text, label) example")
    for example in examples:
        if (
            not isinstance(example, tuple | list)
            or len(example) != 2
            or not all(isinstance(part, str) for part in example)
        ):
            raise ValueError(f"each example must be a (text, label) pair of strings: {example!r}")


def _check_settings(epochs: int, lr: float) -> None:
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a whole number >= 1, got {epochs!r}")
    if not isinstance(lr, int | float) or isinstance(lr, bool) or not 0 < lr <= 100:
        raise ValueError(f"lr must be a number in (0, 100], got {lr!r}")


if sys.version_info >= (3, 12):
    from math import sumprod as _dot  # a dot product in C
else:  # pragma: no cover - Python 3.11

    def _dot(a: Iterable[float], b: Iterable[float]) -> float:
        return float(sum(map(operator.mul, a, b)))


Vector = tuple[tuple[int, ...], tuple[float, ...], Callable[[Sequence[float]], Sequence[float]]]


def _scores(weights: Sequence[Sequence[float]], bias: Sequence[float], x: Vector) -> list[float]:
    gather, values = x[2], x[1]
    return [b + _dot(gather(w), values) for w, b in zip(weights, bias, strict=True)]


@functools.lru_cache(maxsize=8192)
def _sparse(text: str, dim: int) -> Vector:
    """The features of ``text``: slots, values, and a picker of a row's weights there."""
    vector = features(text, dim=dim)
    slots = tuple(vector)
    if len(slots) > 1:
        gather: Callable[[Sequence[float]], Sequence[float]] = operator.itemgetter(*slots)
    else:
        gather = lambda row: tuple(row[i] for i in slots)  # noqa: E731 (itemgetter of 0 or 1 slot)
    return slots, tuple(vector.values()), gather


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def _epoch(
    weights: list[list[float]],
    bias: list[float],
    data: Sequence[tuple[Vector, int]],
    order: list[int],
    rate: float,
) -> None:
    """One pass of SGD on the cross-entropy, in place."""
    for n in order:
        x, y = data[n]
        probs = _softmax(_scores(weights, bias, x))
        for k, p in enumerate(probs):
            g = rate * (p - (1.0 if k == y else 0.0))
            if abs(g) < SKIP:
                continue
            row = weights[k]
            for i, v in zip(x[0], x[1], strict=True):
                row[i] -= g * v
            bias[k] -= g


def training_run(
    examples: Sequence[tuple[str, str]],
    *,
    epochs: int = 10,
    lr: float = 0.5,
    seed: int = 0,
    dim: int = DIM,
    base: Model | None = None,
) -> Iterator[Model]:
    """Train on ``(text, label)`` examples and yield the model after each epoch.

    The model yielded after epoch ``e`` is exactly what ``train(examples,
    epochs=e, ...)`` returns (the step size of an epoch does not depend on how
    many follow), so one run gives every epoch count to compare on dev data:
    early stopping without retraining.

    Args:
        examples: The training pairs.
        epochs: How many epochs to run (1 or more).
        lr: Initial step size; epoch ``e`` (from 0) uses ``lr / (1 + e)``.
        seed: Seed of the shuffling.
        dim: Number of hash slots (ignored when ``base`` is given).
        base: Continue from this model's weights (fine-tuning) instead of zero.
            Labels it has never seen get fresh zero weights.

    Yields:
        ``epochs`` models; ``steps`` counts the base model's steps too.

    Raises:
        ValueError: On no examples, a malformed example or a bad setting.
    """
    _check_examples(examples)
    _check_settings(epochs, lr)
    labels = list(base.labels) if base else []
    labels += [label for label in dict.fromkeys(lb for _, lb in examples) if label not in labels]
    dim = base.dim if base else dim
    weights = [list(row) for row in base.weights] if base else []
    weights += [[0.0] * dim for _ in range(len(labels) - len(weights))]
    bias = list(base.bias) if base else []
    bias += [0.0] * (len(labels) - len(bias))
    index = {label: k for k, label in enumerate(labels)}
    data = [(_sparse(text, dim), index[label]) for text, label in examples]
    rng = random.Random(seed)
    order = list(range(len(data)))
    steps = base.steps if base else 0
    for epoch in range(epochs):
        rng.shuffle(order)
        _epoch(weights, bias, data, order, lr / (1 + epoch))  # a decaying step settles the weights
        steps += len(order)
        yield Model(tuple(labels), tuple(map(tuple, weights)), tuple(bias), dim, steps)


def train(
    examples: Sequence[tuple[str, str]],
    *,
    epochs: int = 10,
    lr: float = 0.5,
    seed: int = 0,
    dim: int = DIM,
) -> Model:
    """Train a classifier from zero on ``(text, label)`` examples.

    Args:
        examples: The training pairs; their order only matters through the seed.
        epochs: Passes over the examples (1 or more).
        lr: Initial step size; step ``e`` of training uses ``lr / (1 + e)``.
        seed: Seed of the shuffling: the same seed gives the same model.
        dim: Number of hash slots of the features.

    Returns:
        The trained model.

    Raises:
        ValueError: On no examples, a malformed example or a bad setting.

    Example:
        ```python
        from snippets.finetune import predict, train

        model = train([("refund my invoice", "billing"), ("app crashes", "bug")])
        assert predict(model, "the app crashes on start") == "bug"
        ```
    """
    *_, model = training_run(examples, epochs=epochs, lr=lr, seed=seed, dim=dim)
    return model


def fine_tune(
    model: Model,
    examples: Sequence[tuple[str, str]],
    *,
    epochs: int = 10,
    lr: float = 0.5,
    seed: int = 0,
) -> Model:
    """Continue training ``model`` on new examples and return a new model.

    The new model starts from a copy of ``model``'s weights, so what it learned
    before stays unless the new examples push it away; ``model`` itself is not
    changed. Labels the base model has never seen get fresh zero weights.

    Args:
        model: The base model.
        examples: The new ``(text, label)`` pairs.
        epochs: Passes over the new examples (1 or more).
        lr: Initial step size.
        seed: Seed of the shuffling.

    Returns:
        A new model; ``steps`` counts the base model's steps too.

    Raises:
        ValueError: On no examples, a malformed example or a bad setting.
    """
    *_, tuned = training_run(examples, epochs=epochs, lr=lr, seed=seed, base=model)
    return tuned


def predict_proba(model: Model, text: str) -> dict[str, float]:
    """The model's probability for each label, in the model's label order."""
    probs = _softmax(_scores(model.weights, model.bias, _sparse(text, model.dim)))
    return dict(zip(model.labels, probs, strict=True))


def predict(model: Model, text: str) -> str:
    """The most probable label for ``text`` (ties go to the label seen first).

    A model always answers with one of its labels, whatever the text: it has
    no way to say "I don't know".
    """
    probs = predict_proba(model, text)
    return max(probs, key=lambda label: probs[label])


def predict_confident(model: Model, text: str, threshold: float) -> str | None:
    """The most probable label if its probability reaches ``threshold``, else ``None``.

    A closed-set classifier always has a most probable label, even for a
    question about something it was never trained on. A threshold on the top
    probability is the one way it can decline; choose it on dev data.

    Args:
        model: The model.
        text: The input.
        threshold: The probability the top label needs (0 answers always).

    Returns:
        The label, or ``None`` when the model is not confident enough.

    Raises:
        ValueError: If ``threshold`` is outside 0 to 1.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold!r}")
    probs = predict_proba(model, text)
    label = max(probs, key=lambda name: probs[name])
    return label if probs[label] >= threshold else None


# --8<-- [end:model]


def accuracy(model: Model, examples: Iterable[tuple[str, str]]) -> float:
    """Share of ``(text, label)`` examples the model labels correctly (0.0 to 1.0).

    Raises:
        ValueError: If there are no examples.
    """
    pairs = list(examples)
    if not pairs:
        raise ValueError("need at least one example to measure accuracy")
    return sum(predict(model, text) == label for text, label in pairs) / len(pairs)
