"""What the cost measurement says, in numbers and sentences: the chapter's glue, the slides and narration use it.

The rule is stated once, here: an activation is memory-bound on a machine when
its fastest round is within MEMORY_BOUND_LIMIT times the fastest round of a
plain copy of the same array (which only reads and writes every element),
compute-bound otherwise.
"""

from chapter import cost_measurement
from chapter.chapter_numbers import readable_count
from tinytorch.timing import BYTES_MOVED_PER_ELEMENT

MEMORY_BOUND_LIMIT = 1.5
ACTIVATIONS = tuple(cost_measurement.ACTIVATIONS)  # the measured rows: the registry plus GELU's tanh form
ROW_NAMES = {"copy": "copy", **{name: name.lower() for name in ACTIVATIONS}, "np.exp": "exp"}  # row -> glue key part
DISPLAY = {"GELU_tanh": "GELU (tanh approximation)", "GELU": "exact GELU", "np.exp": "a bare np.exp"}


def bound(row: dict) -> str:
    """'memory-bound' or 'compute-bound' for one measured row, by the rule above."""
    return "memory-bound" if row["per_copy"] <= MEMORY_BOUND_LIMIT else "compute-bound"


def times(ratio: float) -> str:
    """A ratio for reading: three significant digits below 10 (1.1, 1.52, 4.5), whole numbers above (37).

    Three, so that a ratio just past the 1.5 limit (1.52) never displays as the limit itself.
    """
    return f"{ratio:.3g}" if ratio < 10 else f"{ratio:.0f}"


def listing(names: list) -> str:
    """Names joined for a sentence: 'A', 'A and B', 'A, B and C'."""
    names = [DISPLAY.get(name, name) for name in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def rule_sentence() -> str:
    return (f"An activation counts as memory-bound here when its fastest round is within "
            f"{MEMORY_BOUND_LIMIT}× the copy's fastest: moving each element once is then all it costs. "
            "It counts as compute-bound when it takes longer: then the work between reading and writing "
            "sets its pace, which in NumPy means arithmetic and also the extra passes over the array "
            "that each further operation makes.")


def verdict_sentence(rows: dict) -> str:
    """Which activations the measurement calls memory-bound and which compute-bound, and what that means."""
    memory = [name for name in ACTIVATIONS if name in rows and bound(rows[name]) == "memory-bound"]
    compute = [name for name in ACTIVATIONS if name in rows and bound(rows[name]) == "compute-bound"]
    parts = []
    if memory:
        one = len(memory) == 1
        parts.append(f"{listing(memory)} {'runs' if one else 'run'} within {MEMORY_BOUND_LIMIT}× of the copy, "
                     f"so memory traffic sets {'its' if one else 'their'} pace: faster memory would speed "
                     f"{'it' if one else 'them'} up, more arithmetic power would not")
    if compute:
        verb = "takes" if len(compute) == 1 else "take"
        parts.append(f"{listing(compute)} {verb} longer than {MEMORY_BOUND_LIMIT}× the copy, so more than "
                     "moving each element once sets "
                     f"{'its' if len(compute) == 1 else 'their'} pace: arithmetic, or the extra passes NumPy makes "
                     "for each further operation")
    return "; ".join(parts) + "."


def fusion_sentence(tinytorch_rows: dict, torch_rows: dict | None) -> str:
    """The fused-kernel lesson, told on sigmoid (unfused in tinytorch: four whole-array passes) from the
    1-thread PyTorch column where there is one, and the kernels where tinytorch was the faster."""
    if not torch_rows:
        return ("PyTorch was not installed where this measurement ran, so the table has no fused-kernel "
                "column to compare with.")
    ours, theirs = tinytorch_rows["Sigmoid"]["per_copy"], torch_rows["Sigmoid"]["per_copy"]
    passes = ("tinytorch's sigmoid makes four passes over the whole array (a halving, tanh, an add and "
              "another halving, each reading and writing every element), while PyTorch's fused kernel reads "
              "each element once, does all the arithmetic in registers and writes the result once")
    if ours > theirs:
        sentence = (f"With one thread, PyTorch's sigmoid took {times(theirs)}× its own copy and tinytorch's "
                    f"{times(ours)}× NumPy's copy: {passes}.")
    else:
        sentence = (f"With one thread, PyTorch's sigmoid took {times(theirs)}× its own copy and tinytorch's "
                    f"only {times(ours)}× NumPy's copy, although {passes}: on this machine fusing bought "
                    "nothing measurable.")
    faster = [name for name in ACTIVATIONS if tinytorch_rows[name]["fastest_s"] < torch_rows[name]["fastest_s"]]
    if faster:
        sentence += (f" Fusion is not everything, though: tinytorch beat one-thread PyTorch on {listing(faster)}, "
                     "where the one NumPy routine doing the work was quicker than PyTorch's kernel.")
    return sentence


NEAR_LIMIT = 1.2  # within this factor of the limit either way, a verdict can flip between runs (seen: 1.3 and 1.65)


def near_limit(row: dict) -> bool:
    return MEMORY_BOUND_LIMIT / NEAR_LIMIT <= row["per_copy"] <= MEMORY_BOUND_LIMIT * NEAR_LIMIT


def close_call(row: dict, label: str) -> str:
    """A sentence for a ratio near the limit: another run may fall on the other side."""
    return (f" That is close to the {MEMORY_BOUND_LIMIT}× limit, so another run can land on the other side "
            f"of it: compare the {label} row printed under the timing cell below, another run on the same "
            "machine." if near_limit(row) else "")


def exp_meaning(rows: dict) -> str:
    """What a bare np.exp's ratio to the copy says, completing 'A bare np.exp took N× the copy: ...'."""
    if bound(rows["np.exp"]) == "compute-bound":
        meaning = "one exponential per element already costs more than moving the element."
    else:
        meaning = (f"within the rule's {MEMORY_BOUND_LIMIT}×, so on this machine one vectorised exponential per "
                   "element costs little more than moving the element, and what makes the dearer activations "
                   "dear is the work around it.")
    return meaning + close_call(rows["np.exp"], "np.exp")


def relu_intensity_meaning(rows: dict) -> str:
    """Whether the measurement bears out ReLU's arithmetic intensity, after its share of time beyond the copy."""
    if bound(rows["ReLU"]) == "memory-bound":
        meaning = ("The measurement agrees with the arithmetic: that share is the most a faster arithmetic "
                   "unit could ever remove; the rest is memory traffic, and only faster memory, fewer bytes "
                   "(bfloat16, the question above) or fewer passes (fusing ReLU into the layer before it) "
                   "shrink it.")
    else:
        meaning = (f"That is beyond the rule's {MEMORY_BOUND_LIMIT}×, so on this machine ReLU counted as "
                   "compute-bound, although one comparison per element is almost no arithmetic: a gap this "
                   "large points to overhead around the comparison, or to disturbance while it was timed (its "
                   "middle half of rounds in the table shows how much), not to the comparison itself.")
    return meaning + close_call(rows["ReLU"], "ReLU")


def exp_intensity_meaning(rows: dict) -> str:
    """What a bare np.exp's share of time beyond the copy means, completing 'A bare np.exp spent P% ...: '."""
    if bound(rows["np.exp"]) == "compute-bound":
        return ("an exponential costs many operations per element, and that part does speed up with "
                "faster arithmetic.")
    return ("even an exponential, many operations per element, added no more than that to the memory "
            "traffic on this machine, because NumPy evaluates it with vector instructions, several "
            "elements at a time.")


def milliseconds(row: dict | None) -> str:
    return f"{row['fastest_s'] * 1e3:.2f}" if row else "not measured"


def cost_numbers(artifact: dict) -> dict:
    """Every glued cost value, read from the measurement artifact (nothing is timed here)."""
    machine, rows = artifact["machine"], artifact["tinytorch"]
    torch1, torch_all = artifact.get("torch_1_thread"), artifact.get("torch_all_threads")
    n = artifact["elements"]
    out = {
        "cost_elements": f"{n:,}", "cost_elements_log2": f"{n.bit_length() - 1}",
        "cost_shape": f"({artifact['shape'][0]}, {artifact['shape'][1]})", "cost_rounds": f"{artifact['rounds']}",
        "cost_cpu": machine["cpu"], "cost_cores": f"{machine['cores']}", "cost_numpy": machine["numpy"],
        "cost_python": machine["python"], "cost_torch": machine["torch"] or "not installed",
        "cost_torch_threads": f"{machine['torch_threads']}" if machine["torch_threads"] else "no",
        "cost_limit": f"{MEMORY_BOUND_LIMIT}", "cost_rule": rule_sentence(),
        "cost_verdict": verdict_sentence(rows), "cost_fusion": fusion_sentence(rows, torch1),
        "cost_sigmoid_source": artifact["sources"]["Sigmoid"],
        "cost_exp_meaning": exp_meaning(rows), "cost_exp_intensity_meaning": exp_intensity_meaning(rows),
        "cost_relu_intensity_meaning": relu_intensity_meaning(rows),
    }
    for name, key in ROW_NAMES.items():
        row = rows[name]
        out[f"cost_{key}_fastest_ms"] = row["fastest_s"] * 1e3
        out[f"cost_{key}_median_ms"] = row["median_s"] * 1e3
        out[f"cost_{key}_spread"] = f"{row['q1_s'] * 1e3:.2f}–{row['q3_s'] * 1e3:.2f}"
        out[f"cost_{key}_per_copy"] = times(row["per_copy"])
        out[f"cost_{key}_gbps"] = f"{row['gb_per_s']:.1f}"
        out[f"cost_{key}_rate"] = readable_count(row["elements_per_s"], 2)
        out[f"cost_{key}_torch1_ms"] = milliseconds(torch1 and torch1[name])
        out[f"cost_{key}_torchall_ms"] = milliseconds(torch_all and torch_all[name])
        out[f"cost_{key}_torch1_per_copy"] = times(torch1[name]["per_copy"]) if torch1 else "not measured"
        out[f"cost_{key}_vs_torch1"] = times(row["fastest_s"] / torch1[name]["fastest_s"]) if torch1 else "not measured"
        if name != "copy":
            out[f"cost_{key}_bound"] = bound(row)
    memory = [name for name in ACTIVATIONS if bound(rows[name]) == "memory-bound"]
    compute = [name for name in ACTIVATIONS if name not in memory]
    out["cost_memory_bound_names"] = listing(memory) if memory else "none"
    out["cost_compute_bound_names"] = listing(compute) if compute else "none"
    dearest = max(ACTIVATIONS, key=lambda n: rows[n]["fastest_s"])
    out["cost_dearest"] = DISPLAY.get(dearest, dearest)
    out["cost_dearest_per_copy"] = times(rows[dearest]["per_copy"])
    # Arithmetic intensity: ReLU does one comparison per element for the 8 bytes it must move.
    out["cost_relu_ops_per_byte"] = f"{1 / BYTES_MOVED_PER_ELEMENT:.3f}"
    out["cost_bytes_per_element"] = f"{BYTES_MOVED_PER_ELEMENT}"
    # Time beyond the copy is the most that faster arithmetic could remove.
    out["cost_relu_beyond_copy"] = max(0.0, 1 - rows["copy"]["fastest_s"] / rows["ReLU"]["fastest_s"])
    out["cost_exp_beyond_copy"] = max(0.0, 1 - rows["copy"]["fastest_s"] / rows["np.exp"]["fastest_s"])
    return out
