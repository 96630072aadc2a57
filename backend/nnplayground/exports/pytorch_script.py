"""A job as one PyTorch script: the bridge from the playground to real work.

The same data and the same initial weights (both embedded, exact), the network as
`torch.nn.Sequential`, the loss and optimizer with the playground's conventions (means over
the batch; L1/L2 on weights only, added to the gradient; momentum v = mu v + g; Adam and
RMSProp as PyTorch defines them), minibatches in the very order the playground draws them,
and dropout masks from the playground's generator. In float64 its curve matches the job's
within rounding (tests/exports/test_pytorch_export.py: 1e-6 relative over 100 steps).
"""

from __future__ import annotations

import numpy as np

from .embedding import UNPACK_SOURCE, packed_arrays
from .export_source import ExportSource, checked_size
from .script_parts import describe, problem_key

TORCH_ACTIVATIONS = {"tanh": "nn.Tanh()", "relu": "nn.ReLU()",
                     "leaky_relu": "nn.LeakyReLU(0.01)", "sigmoid": "nn.Sigmoid()",
                     "linear": "nn.Identity()"}
TORCH_LOSSES = {"regression": "nn.MSELoss()", "binary": "nn.BCEWithLogitsLoss()",
                "multiclass": "nn.CrossEntropyLoss()"}
TORCH_OPTIMIZERS = {
    "sgd": "torch.optim.SGD(model.parameters(), lr={lr!r})",
    "momentum": "torch.optim.SGD(model.parameters(), lr={lr!r}, momentum={momentum!r})",
    "rmsprop": "torch.optim.RMSprop(model.parameters(), lr={lr!r}, alpha=0.99, eps=1e-8)",
    "adam": "torch.optim.Adam(model.parameters(), lr={lr!r}, betas=(0.9, 0.999), eps=1e-8)",
}
PENALTY_TERMS = {"l2": "PENALTY_RATE * W", "l1": "PENALTY_RATE * torch.sign(W)"}

DROPOUT_SOURCE = '''

class PlaygroundDropout(nn.Module):
    """Inverted dropout whose masks come from the playground's generator, draw for draw
    (torch.nn.Dropout would draw other masks)."""

    def __init__(self, p, rng):
        super().__init__()
        self.p, self.rng = p, rng

    def forward(self, X):
        if not self.training:
            return X
        keep = self.rng.random(tuple(X.shape)) >= self.p
        return X * torch.from_numpy(keep * (1 / (1 - self.p)))
'''


def pytorch_script(source: ExportSource) -> str:
    """The script's text (ExportTooLarge past the export limit)."""
    spec, session = source.spec, source.session
    key = problem_key(session.problem.kind, session.problem.classes)
    layers, arrays = torch_layers(source)
    arrays |= {"X_train": session.X_train, "Y_train": session.Y_train,
               "X_test": session.X_test, "Y_test": session.Y_test}
    training = spec.training
    penalty = (None if training.regularization == "none" or not training.regularization_rate
               else str(training.regularization))
    text = "".join([
        header(source),
        "import base64\nimport io\nimport sys\nimport zlib\n\n",
        "import numpy as np\nimport torch\nfrom torch import nn\n\n",
        "torch.set_default_dtype(torch.float64)  # the playground computes in float64\n\n",
        f"EPOCHS = {source.epochs}\n",
        f"BATCH_SIZE = {training.batch_size}\n",
        f"SEED = {training.seed}  # streams: initial weights (embedded below), batch order, "
        "dropout\n",
        f"PENALTY_RATE = {training.regularization_rate!r}  # {penalty or 'no'} penalty on the "
        "weights\n",
        UNPACK_SOURCE,
        DROPOUT_SOURCE if "PlaygroundDropout" in layers else "",
        "\n\n# The data as the network sees it (features computed, standardized if the job "
        "was) and the\n# initial weights, in PyTorch's layout (weight: outputs x inputs).\n",
        f"ARRAYS = np.load(io.BytesIO(unpack{packed_arrays(arrays)}))\n",
        "X_train, Y_train = (torch.from_numpy(ARRAYS[name]) for name in (\"X_train\", "
        "\"Y_train\"))\n",
        "X_test, Y_test = (torch.from_numpy(ARRAYS[name]) for name in (\"X_test\", "
        "\"Y_test\"))\n",
        "_, shuffle_rng, dropout_rng = (np.random.default_rng(stream)\n"
        "                               for stream in np.random.SeedSequence(SEED).spawn(3))\n\n",
        f"model = nn.Sequential(\n{layers})\n",
        "model.load_state_dict({name: torch.from_numpy(ARRAYS[name]) "
        "for name in model.state_dict()})\n",
        f"loss_fn = {TORCH_LOSSES[key]}\n",
        "optimizer = " + TORCH_OPTIMIZERS[str(training.optimizer)].format(
            lr=training.learning_rate, momentum=training.momentum) + "\n",
        "weights = [layer.weight for layer in model if isinstance(layer, nn.Linear)]  "
        "# penalized; biases never\n",
        training_loop(PENALTY_TERMS.get(penalty)),
    ])
    return checked_size(text, "PyTorch script")


def header(source: ExportSource) -> str:
    return f'''"""nnplayground job {source.job_id}, exported as a PyTorch script:
{describe(source.spec)}.

The same data, the same initial weights and the same batch order as the playground, in
torch.nn.Sequential with the matching loss and optimizer: from here on it is ordinary
PyTorch. In float64 its losses match the job's within rounding. Needs numpy and torch.
Prints each epoch's train and test loss; `--steps` prints every minibatch loss too.
"""

'''


def torch_layers(source: ExportSource) -> tuple[str, dict[str, np.ndarray]]:
    """`nn.Sequential`'s arguments and the initial weights by their state_dict names."""
    from nnplayground.engine import Dropout, Linear

    hidden = iter(source.spec.network.hidden)
    lines, arrays, activation = [], {}, None
    for index, layer in enumerate(source.session.model.layers):
        if isinstance(layer, Linear):
            inputs, outputs = layer.weights.tensor.shape
            lines.append(f"nn.Linear({inputs}, {outputs})")
            arrays[f"{index}.weight"] = np.ascontiguousarray(layer.weights.tensor.T)
            arrays[f"{index}.bias"] = layer.bias.tensor.copy()
            activation = next(hidden, None)
        elif isinstance(layer, Dropout):
            lines.append(f"PlaygroundDropout({layer.p!r}, dropout_rng)")
        else:
            lines.append(TORCH_ACTIVATIONS[str(activation.activation)])
    return "".join(f"    {line},\n" for line in lines), arrays


def training_loop(penalty_term: str | None) -> str:
    penalty = ("" if penalty_term is None else
               "        with torch.no_grad():  # the penalty's gradient, added before the step\n"
               "            for W in weights:\n"
               f"                W.grad += {penalty_term}\n")
    return f'''

def evaluate(X, Y):
    model.eval()
    with torch.no_grad():
        loss = loss_fn(model(X), Y).item() if len(X) else None
    model.train()
    return loss


order, n = np.arange(len(X_train)), len(X_train)
step = 0
for epoch in range(1, EPOCHS + 1):
    order = order[shuffle_rng.permutation(n)]  # each epoch shuffles the last one's order
    for start in range(0, n, BATCH_SIZE):
        rows = torch.from_numpy(order[start:start + BATCH_SIZE])
        optimizer.zero_grad()
        loss = loss_fn(model(X_train[rows]), Y_train[rows])
        loss.backward()
{penalty}        optimizer.step()
        step += 1
        if "--steps" in sys.argv:
            print(f"step {{step}} loss {{loss.item()!r}}")
    print(f"epoch {{epoch}} train_loss {{evaluate(X_train, Y_train)!r}} "
          f"test_loss {{evaluate(X_test, Y_test)!r}}")
'''
