"""A numpy neural-network engine in the shape of "Neural Networks in 100 lines of pure Python".

Every layer's `forward(X)` returns `(Y, backward)`; `backward(dY)` adds to the parameters'
gradients and returns dX. The article's code runs unchanged on these names.
"""

from .activations import Identity, LeakyReLU, ReLU, ReLu, Sigmoid, Tanh
from .dropout import Dropout
from .gradcheck import gradcheck
from .layer import Layer
from .learner import Learner
from .linear import Linear
from .losses import bce_with_logits_loss, mse_loss, softmax_cross_entropy_loss
from .optimizers import AdamOptimizer, Optimizer, RMSPropOptimizer, SGDOptimizer
from .parameter import Parameter
from .probabilities import log_softmax, sigmoid, softmax
from .sequential import Sequential
from .serialization import load_npz, save_npz

__all__ = [
    "AdamOptimizer",
    "Dropout",
    "Identity",
    "Layer",
    "LeakyReLU",
    "Learner",
    "Linear",
    "Optimizer",
    "Parameter",
    "RMSPropOptimizer",
    "ReLU",
    "ReLu",
    "SGDOptimizer",
    "Sequential",
    "Sigmoid",
    "Tanh",
    "bce_with_logits_loss",
    "gradcheck",
    "load_npz",
    "log_softmax",
    "mse_loss",
    "save_npz",
    "sigmoid",
    "softmax",
    "softmax_cross_entropy_loss",
]
