"""nnplayground: assemble a small neural network, train it server-side, watch it learn."""

__version__ = "0.1.0"
