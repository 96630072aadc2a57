// The only module that talks to the server: REST calls and the job stream (WebSocket).

export class ApiError extends Error {
  /** `status` 0 means the server could not be reached at all. */
  constructor(status, message, body = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }

  get unreachable() {
    return this.status === 0;
  }
}

/** One line of words from an error body: `message`, else FastAPI's `detail`. */
export function errorMessage(body, status) {
  if (body && typeof body === "object") {
    if (typeof body.message === "string" && body.message) return body.message;
    const detail = body.detail;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail) && detail.length) {
      return detail.map((item) => {
        const where = (item.loc || []).filter((part) => part !== "body").join(".");
        return where ? `${where}: ${item.msg}` : item.msg;
      }).join("; ");
    }
  }
  if (typeof body === "string" && body.trim()) return body.trim().split("\n")[0].slice(0, 300);
  return `The server answered ${status}`;
}

async function request(method, path, { json, form } = {}) {
  const init = { method, headers: { Accept: "application/json" } };
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (form) {
    init.body = form;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, "The server is unreachable");
  }
  if (response.status === 204) return null;
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) throw new ApiError(response.status, errorMessage(body, response.status), body);
  return body;
}

const jobPath = (id, rest = "") => `/api/jobs/${encodeURIComponent(id)}${rest}`;

export const api = {
  health: () => request("GET", "/api/health"),
  limits: () => request("GET", "/api/limits"),
  choices: () => request("GET", "/api/choices"),
  datasets: () => request("GET", "/api/datasets"),
  sample: (dataset) => request("POST", "/api/datasets/sample", { json: dataset }),
  sampleCsv: (dataset) => request("POST", "/api/datasets/sample?format=csv", { json: dataset }),
  upload(file, { labelColumn = "", kind = "", roles = null } = {}) {
    const form = new FormData();
    form.append("file", file);
    if (labelColumn) form.append("label_column", labelColumn);
    if (kind) form.append("kind", kind);
    if (roles?.ignore?.length) form.append("ignore", JSON.stringify(roles.ignore));
    if (roles?.missing) form.append("missing", roles.missing);
    return request("POST", "/api/datasets", { form });
  },
  projection: (id) => request("GET", jobPath(id, "/projection")),
  questions: (id) => request("GET", jobPath(id, "/questions")),
  ask: (id, rows) => request("POST", jobPath(id, "/predict"), { json: { rows } }),
  /** Every job summary, newest first (all pages of GET /api/jobs). */
  async jobs() {
    const items = [];
    let cursor = null;
    do {
      const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = await request("GET", `/api/jobs?limit=500${query}`);
      items.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    return items;
  },
  job: (id) => request("GET", jobPath(id)),
  createJob: (spec, { name = null, autostart = false } = {}) =>
    request("POST", "/api/jobs", { json: { ...spec, name, autostart } }),
  updateTraining: (id, training) => request("PATCH", jobPath(id), { json: { training } }),
  play: (id) => request("POST", jobPath(id, "/play")),
  pause: (id) => request("POST", jobPath(id, "/pause")),
  step: (id, epochs = 1) => request("POST", jobPath(id, "/step"), { json: { epochs } }),
  reset: (id, spec) => request("POST", jobPath(id, "/reset"), { json: spec ? { spec } : {} }),
  metrics: (id, since = undefined) =>
    request("GET", jobPath(id, since === undefined ? "/metrics" : `/metrics?since=${since}`)),
  createSweep: (body) => request("POST", "/api/sweeps", { json: body }),
  sweep: (id) => request("GET", `/api/sweeps/${encodeURIComponent(id)}`),
  pauseSweep: (id) => request("POST", `/api/sweeps/${encodeURIComponent(id)}/pause`),
  resumeSweep: (id) => request("POST", `/api/sweeps/${encodeURIComponent(id)}/resume`),
  deleteSweep: (id) => request("DELETE", `/api/sweeps/${encodeURIComponent(id)}`),
  rename: (id, name) => request("PATCH", jobPath(id), { json: { name } }),
  deleteJob: (id) => request("DELETE", jobPath(id)),
  snapshots: (id) => request("GET", jobPath(id, "/snapshots")),
  /** `what` (boundary, neurons, model) as at `epoch`: the job's snapshot at or before it. */
  atEpoch: (id, what, epoch, { resolution = null, unitsPerLayer = null } = {}) =>
    request("GET", jobPath(id, `/${what}?epoch=${epoch}${resolution ? `&resolution=${resolution}` : ""}`
      + `${unitsPerLayer ? `&units_per_layer=${unitsPerLayer}` : ""}`)),
  setWeight: (id, edit) => request("POST", jobPath(id, "/weight"), { json: edit }),
  gallery: (id, limit = 40) => request("GET", jobPath(id, `/gallery?limit=${limit}`)),
  drawing: (id, images) => request("POST", jobPath(id, "/drawing"), { json: { images } }),
  preview: (spec, resolution, neuronsResolution, unitsPerLayer) => request("POST",
    `/api/preview?resolution=${resolution}&neurons_resolution=${neuronsResolution}&units_per_layer=${unitsPerLayer}`,
    { json: spec }),
  // Classroom (multi-user mode): who am I, my nickname, the teacher's login and overview.
  me: () => request("GET", "/api/me"),
  setNickname: (nickname) => request("PATCH", "/api/me", { json: { nickname } }),
  teacherLogin: (token) => request("POST", "/api/teacher/login", { json: { token } }),
  classOverview: () => request("GET", "/api/teacher/overview"),
};

/** Addresses of a job's downloads (the browser fetches them itself). */
export const downloads = {
  modelJson: (id) => jobPath(id, "/model"),
  modelNpz: (id) => jobPath(id, "/model?format=npz"),
  metricsCsv: (id) => jobPath(id, "/metrics?format=csv"),
  pythonScript: (id) => jobPath(id, "/export?format=python"),
  pytorchScript: (id) => jobPath(id, "/export?format=pytorch"),
  report: (id) => jobPath(id, "/report"),
};

const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000];

// The server closes with this code when the job does not exist (it was deleted).
export const JOB_GONE_CLOSE_CODE = 4404;

/** Why this server cannot stream at all (its health says so), or null. */
async function liveUpdatesProblem() {
  const health = await request("GET", "/api/health").catch(() => null);
  return health?.live_updates === false ? health.live_updates_problem || "unknown reason" : null;
}

/**
 * Watch a job, the one channel while it is shown: its snapshot, metrics, status, boundary,
 * weights and neuron pictures. `onMessage(message)` for every server message,
 * `onConnection(state)` with "connecting" | "open" | "reconnecting" as the socket comes and
 * goes. Reconnects until
 * `close()`; each new connection starts with a snapshot, so nothing is lost meanwhile.
 * `onGone()` once when the job no longer exists, `onUnavailable(problem)` once when the
 * server cannot serve WebSockets at all: then it stops. `unitsPerLayer`: of a big network,
 * the units of each hidden layer drawn (null: the server's default).
 */
export function openJobStream(id, { onMessage, onConnection = () => {}, onGone = () => {},
  onUnavailable = () => {}, unitsPerLayer = null }) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const query = unitsPerLayer ? `?units_per_layer=${unitsPerLayer}` : "";
  const url = `${scheme}://${location.host}${jobPath(id, "/stream")}${query}`;
  let socket = null;
  let closed = false;
  let attempt = 0;
  let timer = null;

  function connect() {
    onConnection(attempt === 0 ? "connecting" : "reconnecting");
    socket = new WebSocket(url);
    let opened = false;
    socket.addEventListener("open", () => {
      opened = true;
      attempt = 0;
      onConnection("open");
    });
    socket.addEventListener("message", (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return; // not ours to understand
      }
      onMessage(message);
    });
    socket.addEventListener("close", async (event) => {
      socket = null;
      if (closed) return;
      if (event.code === JOB_GONE_CLOSE_CODE) {
        closed = true;
        onGone();
        return;
      }
      // A socket that never opened may be one this server cannot serve: say why, once,
      // rather than reconnect forever.
      const problem = opened ? null : await liveUpdatesProblem();
      if (closed) return;
      if (problem) {
        closed = true;
        onUnavailable(problem);
        return;
      }
      const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)];
      attempt += 1;
      onConnection("reconnecting", attempt);
      timer = setTimeout(connect, delay);
    });
  }

  connect();
  return {
    id,
    close() {
      closed = true;
      clearTimeout(timer);
      if (socket) socket.close(1000, "done");
    },
  };
}
