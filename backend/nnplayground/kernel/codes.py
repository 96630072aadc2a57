"""The numbers the compiled loops read a network by (numba-free, so that anyone may import
them): activation, loss, optimizer and penalty codes, and the slots of the tables."""

# Activations.
LINEAR, TANH, RELU, LEAKY_RELU, SIGMOID = 0, 1, 2, 3, 4
# Losses.
MSE, BCE, SOFTMAX = 0, 1, 2
# Optimizers.
SGD, MOMENTUM, NESTEROV, RMSPROP, ADAM = 0, 1, 2, 3, 4
# Penalties on the weights.
NO_PENALTY, L1, L2 = 0, 1, 2

# Rows of the int64 `net` and the float64 `net_f` tables; columns are the Linear layers.
N_IN, N_OUT, W_OFF, B_OFF, ACTIVATION = 0, 1, 2, 3, 4
SLOPE, DROPOUT = 0, 1
# Slots of the int64 `modes` and float64 `hyper` vectors.
LOSS, OPTIMIZER, PENALTY, PENALIZED = 0, 1, 2, 3
LR, PENALTY_RATE, MU, ALPHA, EPS, BETA1, BETA2 = 0, 1, 2, 3, 4, 5, 6
