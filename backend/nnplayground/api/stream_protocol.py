"""The WebSocket protocol of `/api/jobs/{id}/stream`, as /docs shows it (OpenAPI cannot
describe a socket, so the `stream` tag carries this text)."""

STREAM_PROTOCOL = """\
**WebSocket `/api/jobs/{job_id}/stream`**: a job's events, live, and its controls.

Query options: `resolution` (10-200, default 50) of boundary pictures;
`neurons_resolution` (5-100, default 20) of neuron pictures; `units_per_layer` (at least
1, default 16): of a big network, the first units of each hidden layer drawn in `model`
messages (`neurons.units` lists them; the weights from and into the others are left out, but
those of the first hidden layer); `boundary=false` for a metrics-only client: no `boundary`
and no `model` messages at all. A bad option gets one `error` message naming it, then the
socket closes (code 1008).

Server to client, JSON text frames, each with a `type`:

- `snapshot`, first and after every reset: `job` (as `GET /api/jobs/{id}`), `history`
  (columnar, as `GET /metrics`).
- `metrics`, while training, coalesced to at most 30 a second: `points` (columnar),
  `published_at` (Unix seconds).
- `status`, on every status change: `status`, `step`, `epoch`, `error`, `status_reason`.
- `boundary` (2-D data), on connecting, a few times a second while running and after
  every rest: `x`, `y`, `z`, `kind`, `classes`, `confidence`, `step`.
- `model`, at the same moments: `step`, `epoch`, `model` (as `GET /model`), `neurons`
  (as `GET /neurons`, or null), both with the stream's `units_per_layer`.
- `error`, for a bad client message (the socket stays open): `detail`, one line.

Client to server: `{"action": "play"}`, `{"action": "pause"}`,
`{"action": "step", "epochs": 1}` (or `"steps": n`), `{"action": "reset"}` (optional
`"spec"`), `{"action": "update", "training": {"learning_rate": 0.01}}`.

An unknown job gets one `error` message and close code 4404; a deleted job closes its
sockets the same way. A client that reads slowly gets fewer, larger metrics messages;
one that stops reading is dropped.
"""
