"""The article's engine, transcribed as published, kept out of the package.

Julian Eisenschlos, "Neural Networks in 100 lines of pure Python" (2019): every
class and function below is the article's code, unchanged but for indentation
(4 spaces) and this docstring. It is the reference the engine benchmark measures
against, and the tests check that `nnplayground.engine` trains to the same bits.

`Tanh` is not in the article: it is added in the article's own style (the
output reused by the closure, as its `Sigmoid` does) because benchmark (a) is
TF Playground's tanh network.

Known quirks kept on purpose: `mse_loss` divides its gradient by the batch size
only (not by the number of outputs), and a 1-D target broadcasts against the
`(n, 1)` predictions.
"""

# ruff: noqa: E701, UP039  (the article's own spelling)

import numpy as np


class Parameter():
    def __init__(self, tensor):
        self.tensor = tensor
        self.gradient = np.zeros_like(self.tensor)


class Layer:
    def __init__(self):
        self.parameters = []

    def forward(self, X):
        """
        Override me! A simple no-op layer, it passes forward the inputs
        """
        return X, lambda D: D

    def build_param(self, tensor):
        """
        Creates a parameter from a tensor, and saves a reference for the update step
        """
        param = Parameter(tensor)
        self.parameters.append(param)
        return param

    def update(self, optimizer):
        for param in self.parameters: optimizer.update(param)


class SGDOptimizer():
    def __init__(self, lr=0.1):
        self.lr = lr

    def update(self, param):
        param.tensor -= self.lr * param.gradient
        param.gradient.fill(0)


class Linear(Layer):
    def __init__(self, inputs, outputs):
        super().__init__()
        tensor = np.random.randn(inputs, outputs) * np.sqrt(1 / inputs)
        self.weights = self.build_param(tensor)
        self.bias = self.build_param(np.zeros(outputs))

    def forward(self, X):
        def backward(D):
            self.weights.gradient += X.T @ D
            self.bias.gradient += D.sum(axis=0)
            return D @ self.weights.tensor.T
        return X @ self.weights.tensor +  self.bias.tensor, backward


class ReLu(Layer):
    def forward(self, X):
        mask = X > 0
        return X * mask, lambda D: D * mask


class Sigmoid(Layer):
    def forward(self, X):
        S = 1 / (1 + np.exp(-X))
        def backward(D):
            return D * S * (1 - S)
        return S, backward


class Tanh(Layer):  # not in the article: added in its style for benchmark (a)
    def forward(self, X):
        T = np.tanh(X)
        def backward(D):
            return D * (1 - T * T)
        return T, backward


class Sequential(Layer):
    def __init__(self, *layers):
        super().__init__()
        self.layers = layers
        for layer in layers:
            self.parameters.extend(layer.parameters)

    def forward(self, X):
        backprops = []
        Y = X
        for layer in self.layers:
            Y, backprop = layer.forward(Y)
            backprops.append(backprop)
        def backward(D):
            for backprop in reversed(backprops):
                D = backprop(D)
            return D
        return Y, backward


def mse_loss(Yp, Yt):
    diff = Yp - Yt
    return np.square(diff).mean(), 2 * diff / len(diff)


class Learner():
    def __init__(self, model, loss, optimizer):
        self.model = model
        self.loss = loss
        self.optimizer = optimizer

    def fit_batch(self, X, Y):
        Y_, backward = self.model.forward(X)
        L, D = self.loss(Y_, Y)
        backward(D)
        self.model.update(self.optimizer)
        return L

    def fit(self, X, Y, epochs, bs):
        losses = []
        for epoch in range(epochs):
            p = np.random.permutation(len(X))
            X, Y = X[p], Y[p]
            loss = 0.0
            for i in range(0, len(X), bs):
                loss += self.fit_batch(X[i:i + bs], Y[i:i + bs])
            losses.append(loss)
        return losses
