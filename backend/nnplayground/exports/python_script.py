"""A job as one Python script on nnplayground's engine that reproduces its curve to the bit.

The script rebuilds the data (the generator and its seed, or the uploaded CSV or the points
placed by hand, embedded), the features, the network, loss and optimizer in the article's
style (`Sequential`, `Learner.fit`), trains as many epochs as the job did and prints every
metric point the job recorded, numbers as `repr` so they read back exactly. It trains on
the kernel the job trained on: the compiled kernel rounds sums in its own order, so only
the same kernel gives the same bits (kernel/choice.py).
"""

from __future__ import annotations

import json

from .embedding import UNPACK_SOURCE, packed, rows_literal
from .export_source import ExportSource, checked_size
from .script_parts import (
    ENGINE_ACTIVATIONS,
    ENGINE_LOSSES,
    ENGINE_OPTIMIZERS,
    ROW_LOSSES,
    TARGETS,
    describe,
    problem_key,
    seeds_line,
)

POINTS_LITERAL_MAX = 500  # hand points shown as a list; more are packed


def python_script(source: ExportSource) -> str:
    """The script's text (ExportTooLarge past the export limit)."""
    spec, session = source.spec, source.session
    key = problem_key(session.problem.kind, session.problem.classes)
    data_lines, data_imports = data_block(source)
    needs_unpack = "unpack(" in data_lines
    engine_names = {"Learner", "Linear", "Sequential", ENGINE_LOSSES[key],
                    ENGINE_OPTIMIZERS[spec.training.optimizer],
                    *(ENGINE_ACTIVATIONS[hidden.activation] for hidden in spec.network.hidden)}
    if any(hidden.dropout for hidden in spec.network.hidden):
        engine_names.add("Dropout")
    pipeline = session.data.pipeline
    data_imports |= {"compute_features"} if pipeline.features is not None else set()
    data_imports |= {"Standardizer"} if pipeline.standardizer is not None else set()
    parts = [
        header(source),
        "import base64\nimport json\nimport zlib\n\n" if needs_unpack else "",
        "import numpy as np\n\n",
        f"from nnplayground.data import {', '.join(sorted(data_imports))}\n",
        f"from nnplayground.engine import {', '.join(sorted(engine_names))}\n\n",
        f'KERNEL = "{source.kernel}"  # "numpy", or "compiled": the numba kernel '
        "(nnplayground.kernel)\n",
        f"EPOCHS = {source.epochs}\n",
        f"BATCH_SIZE = {spec.training.batch_size}\n",
        UNPACK_SOURCE if needs_unpack else "",
        "\n" + data_lines,
        inputs_block(source, key),
        model_block(source, key),
        evaluation_block(key),
        training_loop(source),
    ]
    return checked_size("".join(parts), "Python script")


def header(source: ExportSource) -> str:
    return f'''"""nnplayground job {source.job_id}, exported as a Python script:
{describe(source.spec)}.

Rebuilds the job's data, input features and network with nnplayground's numpy engine and
trains them as the playground did. Run as is (`python this_file.py`, with nnplayground
installed) it prints the job's loss curve to the bit: one line per metric point (step,
epoch, train loss, test loss), the very numbers of the job's /metrics history (None where
it has null: a loss that diverged to NaN or infinity).

The job trained on the {source.kernel} kernel, and so does this script (KERNEL below). The
two kernels train the same arrays with the same random draws and differ only in how they
round sums (about 1e-12 relative), which a comparison to the bit sees: "numpy" needs
numpy alone, "compiled" numba too.
"""

'''


def data_block(source: ExportSource) -> tuple[str, set[str]]:
    """Lines that make `dataset` and `is_train`, and the data package names they use."""
    data = source.spec.dataset
    split = (f"is_train = train_test_split(dataset.y, train_ratio={data.train_ratio!r}, "
             f"seed={data.seed},\n"
             '                            stratify=dataset.kind == "classification")\n')
    if data.name is not None:
        return (f'# The data: the playground\'s "{data.name}" generator with the job\'s seed,\n'
                "# split as the playground splits it.\n"
                f"dataset = generate({data.name!r}, n_samples={data.n_samples!r}, "
                f"noise={data.noise!r}, seed={data.seed}, classes={data.classes!r})\n"
                + split, {"generate", "train_test_split"})
    if data.id is not None:
        upload = source.upload
        return ("# The data: the uploaded CSV file as it was received, parsed as the "
                "server parsed it.\n"
                f"CSV = unpack{packed(upload.content)}\n"
                f"dataset = parse_csv(CSV, label_column={upload.label_column!r}, "
                f"kind={upload.kind!r}, name={upload.name!r})\n" + split,
                {"parse_csv", "train_test_split"})
    return points_block(source, split)


def points_block(source: ExportSource, split: str) -> tuple[str, set[str]]:
    points = [list(point) for point in source.spec.dataset.points]
    if len(points) <= POINTS_LITERAL_MAX:
        table = rows_literal(points)
    else:
        table = f"json.loads(unpack{packed(json.dumps(points).encode())})"
    kind = "regression" if source.spec.training.problem == "regression" else "classification"
    lines = ("# The data: the points placed by hand, [x1, x2, label] (and is_train).\n"
             f"POINTS = {table}\n"
             f"dataset = from_points([point[:3] for point in POINTS], kind={kind!r})\n")
    if len(points[0]) == 4:
        return lines + "is_train = np.array([bool(point[3]) for point in POINTS])\n", {
            "from_points"}
    return lines + split, {"from_points", "train_test_split"}


def inputs_block(source: ExportSource, key: str) -> str:
    data = source.session.data
    lines = ["\n# The network's inputs"]
    if data.pipeline.features is not None:
        lines[0] += f": the features {', '.join(data.pipeline.features)}"
        names = [str(name) for name in data.pipeline.features]
        lines.append(f"X = compute_features(dataset.X, {names!r})")
    else:
        lines[0] += ": the data's columns as they are"
        lines.append("X = dataset.X")
    if data.pipeline.standardizer is not None:
        lines[0] += ", standardized with the training split's mean and deviation"
        lines.append("X = Standardizer.fit(X[is_train]).transform(X)")
    lines[0] += "."
    lines += ["X_train, X_test = X[is_train], X[~is_train]",
              "y_train, y_test = dataset.y[is_train], dataset.y[~is_train]",
              f"Y_train = {TARGETS[key].format('y_train')}", ""]
    return "\n".join(lines) + "\n"


def model_block(source: ExportSource, key: str) -> str:
    spec, session = source.spec, source.session
    init = str(spec.network.init)
    layers, width = [], session.X_train.shape[1]
    for hidden in spec.network.hidden:
        layers.append(f"Linear({width}, {hidden.units}, init={init!r}, rng=init_rng)")
        layers.append(f"{ENGINE_ACTIVATIONS[hidden.activation]}()")
        if hidden.dropout:
            layers.append(f"Dropout({hidden.dropout!r}, rng=dropout_rng)")
        width = hidden.units
    layers.append(f"Linear({width}, {session.problem.output_units}, init={init!r}, "
                  "rng=init_rng)")
    body = "".join(f"    {layer},\n" for layer in layers)
    return ("\n# Weights, the order of the samples and dropout draw from separate streams of "
            "the training seed.\n"
            f"{seeds_line(spec)}\n"
            f"model = Sequential(\n{body})\n"
            f"optimizer = {optimizer_call(spec)}\n"
            f"learner = Learner(model, {ENGINE_LOSSES[key]}, optimizer, rng=shuffle_rng)\n"
            "trainer = learner\n"
            'if KERNEL == "compiled":  # the same Learner, its steps run by numba\'s loops\n'
            "    from nnplayground.kernel import load\n"
            "    trainer = load().CompiledLearner(learner)\n")


def optimizer_call(spec) -> str:
    training = spec.training
    arguments = [f"lr={training.learning_rate!r}"]
    if training.optimizer == "momentum":
        arguments.append(f"momentum={training.momentum!r}")
    if training.regularization != "none":
        arguments += [f"penalty={str(training.regularization)!r}",
                      f"penalty_rate={training.regularization_rate!r}"]
    return f"{ENGINE_OPTIMIZERS[training.optimizer]}({', '.join(arguments)})"


def evaluation_block(key: str) -> str:
    return f'''
# A metric point: the loss of every row of both splits, in blocks of 512 rows, in eval mode.
X_both = np.concatenate([X_train, X_test])
Y_both = {TARGETS[key].format("np.concatenate([y_train, y_test])")}


def finite(loss):
    """A loss as the job's history has it: a float, or None where it diverged (NaN, inf)."""
    return float(loss) if np.isfinite(loss) else None


def report():
    with np.errstate(all="ignore"):
        if KERNEL == "compiled":  # one compiled pass sums each split's row losses
            sums = trainer.metric_sums(X_both, Y_both, len(X_train))
            train_loss = finite(sums[0] / len(X_train))
            test_loss = finite(sums[1] / len(X_test)) if len(X_test) else None
            return show(train_loss, test_loss)
        outputs = np.concatenate([trainer.predict(X_both[start:start + 512])
                                  for start in range(0, len(X_both), 512)])
        Y = Y_both
        losses = {ROW_LOSSES[key]}
        train_loss = finite(losses[:len(X_train)].mean())
        test_loss = finite(losses[len(X_train):].mean()) if len(X_test) else None
    show(train_loss, test_loss)


def show(train_loss, test_loss):
    epoch = learner.epoch + learner.epoch_position / len(X_train)
    print(f"step {{learner.step}} epoch {{epoch!r}} train_loss {{train_loss!r}} "
          f"test_loss {{test_loss!r}}")

'''


def training_loop(source: ExportSource) -> str:
    steps = source.point_steps
    if len(steps) == 1:
        return ("\nfor _ in range(EPOCHS):\n"
                "    trainer.fit(X_train, Y_train, epochs=1, bs=BATCH_SIZE)\n"
                "    report()\n")
    return (f"\nPOINT_STEPS = {steps!r}  # a long epoch: a point after each part, as the "
            "playground\n"
            "for _ in range(EPOCHS):\n"
            "    for steps in POINT_STEPS:\n"
            "        trainer.run_steps(X_train, Y_train, steps, BATCH_SIZE)\n"
            "        report()\n")
