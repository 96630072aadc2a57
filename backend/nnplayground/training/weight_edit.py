"""Setting one weight or bias of a model by hand, as TF Playground lets a person do."""

from nnplayground.engine import Sequential
from nnplayground.errors import FieldError
from nnplayground.spec import WeightEdit

from .model import ModelLayout


def set_weight(model: Sequential, layout: ModelLayout, edit: WeightEdit) -> None:
    """Write `edit.value` into the model; FieldError naming the field that points nowhere."""
    linears = [slot.linear for slot in layout.hidden] + [layout.output]
    if edit.layer >= len(linears):
        raise FieldError("layer", f"expected 0 to {len(linears) - 1} (the last is the output "
                                  f"layer), got {edit.layer}")
    linear = model.layers[linears[edit.layer]]
    n_inputs, n_units = linear.weights.tensor.shape
    if edit.unit >= n_units:
        raise FieldError("unit", f"layer {edit.layer} has {n_units} units (0 to "
                                 f"{n_units - 1}), got {edit.unit}")
    if edit.input is None:
        linear.bias.tensor[edit.unit] = edit.value
        return
    if edit.input >= n_inputs:
        raise FieldError("input", f"layer {edit.layer} has {n_inputs} inputs (0 to "
                                  f"{n_inputs - 1}), got {edit.input}")
    linear.weights.tensor[edit.input, edit.unit] = edit.value
