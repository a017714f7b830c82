// Module Web Worker that runs the guide's `snippets` package in Pyodide.
//
// Started by py-bridge.js on first use (never on page load). It boots the
// self-hosted Pyodide from ../pyodide/ (written by overrides/hooks/pyodide_assets.py),
// installs the `snippets` wheel listed in that folder's pyodide-lock.json (Pyodide
// checks its sha256), then answers calls one at a time, in the order they came.
//
// Every download goes through a wrapper around fetch, so a failed or stalled boot
// can say which file it was (the runtime, the package list, the standard library,
// the snippets wheel) instead of a raw error or "Loading…" for ever.
//
// Messages in:  {type: "boot"}
//               {id, module, func, kwargs}
// Messages out: {type: "status", state: "loading" | "ready", message, bootMs}
//               {type: "fetch", what, phase: "start" | "done"}   (a download began or ended)
//               {type: "progress"}                   (bytes are arriving; at most every 0.5 s)
//               {type: "boot-failed", message}       ("<what> <what went wrong>")
//               {type: "started", id}                 (Python starts this call now)
//               {type: "result", id, ok: true, value}  (value is the JSON-decoded result)
//               {type: "result", id, ok: false, error: "ExcType: message", field?}

const PYODIDE_DIR = new URL("../pyodide/", import.meta.url).href;

// Runs inside Pyodide. Calls snippets.<module>.<func>(**kwargs), where module may be
// dotted (demos.check), and returns JSON text, so only JSON-able data crosses back;
// an exception becomes "ExcType: message" (plus the field it names, if it has one).
const CALL_PY = `
import importlib, json, re

_MODULE = re.compile(r"[a-z][a-z0-9_]{0,40}(?:\\.[a-z][a-z0-9_]{0,40}){0,3}")
_FUNC = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,60}")

def _bridge_call(module, func, kwargs_json):
    try:
        if not _MODULE.fullmatch(module):
            raise ValueError(f"not a snippets module name: {module[:80]!r}")
        if not _FUNC.fullmatch(func):
            raise ValueError(f"not a public function name: {func[:80]!r}")
        name = "snippets." + module
        target = getattr(importlib.import_module(name), func, None)
        if not callable(target) or getattr(target, "__module__", None) != name:
            raise AttributeError(f"{name} has no function {func!r}")
        kwargs = json.loads(kwargs_json)
        if not isinstance(kwargs, dict):
            raise TypeError("arguments must be an object of keyword arguments")
        value = json.dumps(target(**kwargs), allow_nan=False)
    except Exception as exc:
        reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        if isinstance(getattr(exc, "field", None), str):
            reply["field"] = exc.field
        return json.dumps(reply)
    return '{"ok": true, "value": ' + value + "}"

_bridge_call
`;

function post(message) {
  self.postMessage(message);
}

function status(state, message, bootMs = null) {
  post({ type: "status", state, message, bootMs });
}

// "ExcType: message" for any error, never a traceback.
function describe(error) {
  if (error && typeof error.type === "string") {
    // A PythonError: its message is the traceback; the last line is "ExcType: message".
    const lines = String(error.message).trim().split("\n");
    return lines[lines.length - 1];
  }
  return `${error?.name || "Error"}: ${error?.message || error}`;
}

// What a file is, in the reader's words, with its name so a bug report can quote it.
function describeFile(url) {
  let name = String(url);
  try {
    name = decodeURIComponent(new URL(url, PYODIDE_DIR).pathname.split("/").pop());
  } catch {
    // keep the raw text
  }
  if (name === "pyodide-lock.json") return `the package list (${name})`;
  if (name === "python_stdlib.zip") return `Python's standard library (${name})`;
  if (name.startsWith("snippets-") && name.endsWith(".whl")) {
    return `the guide's snippets package (${name})`;
  }
  if (name.endsWith(".whl")) return `the package ${name}`;
  if (name.startsWith("pyodide")) return `the Python runtime (${name})`;
  return name;
}

// A failure that says what failed: "<what> could not be downloaded (HTTP 404)".
class BootError extends Error {
  constructor(what, how) {
    super(`${what} ${how}`);
    this.name = "BootError";
  }
}

// Set while a boot runs: rejects it at once when a file it needs fails, even where
// Pyodide itself would only log the failure (the standard library) or wait for ever.
let failBoot = null;

const realFetch = self.fetch.bind(self);
let lastProgress = 0;

function counted(response) {
  if (!response.body) return response;
  const counter = new TransformStream({
    transform(chunk, controller) {
      const now = performance.now();
      if (now - lastProgress > 500) {
        lastProgress = now;
        post({ type: "progress" });
      }
      controller.enqueue(chunk);
    },
  });
  return new Response(response.body.pipeThrough(counter), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

self.fetch = async (input, init) => {
  const url = typeof input === "string" || input instanceof URL ? String(input) : input.url;
  const what = describeFile(url);
  post({ type: "fetch", what, phase: "start" });
  let response;
  try {
    response = await realFetch(input, init);
  } catch (_error) {
    const failure = new BootError(what, "could not be downloaded (network error or wrong checksum)");
    if (failBoot) failBoot(failure);
    throw failure;
  } finally {
    post({ type: "fetch", what, phase: "done" });
  }
  if (!response.ok) {
    const failure = new BootError(what, `could not be downloaded (HTTP ${response.status})`);
    if (failBoot) failBoot(failure);
    throw failure;
  }
  return counted(response);
};

// One step of the boot: an error that does not already name a file names the step.
async function step(what, run) {
  post({ type: "fetch", what, phase: "start" });
  try {
    return await run();
  } catch (error) {
    if (error instanceof BootError) throw error;
    throw new BootError(what, `failed to load (${describe(error)})`);
  } finally {
    post({ type: "fetch", what, phase: "done" });
  }
}

async function boot() {
  const start = performance.now();
  status("loading", "Loading Python (Pyodide) in the background…");
  const { loadPyodide } = await step("the Python runtime (pyodide.mjs)", () =>
    import(`${PYODIDE_DIR}pyodide.mjs`),
  );
  // The lockfile is revalidated with the server so a new build's wheel is found.
  const lockFileContents = fetch(`${PYODIDE_DIR}pyodide-lock.json`, { cache: "no-cache" }).then(
    (response) =>
      response.json().catch(() => {
        throw new BootError("the package list (pyodide-lock.json)", "is not valid JSON");
      }),
  );
  lockFileContents.catch(() => {}); // awaited by loadPyodide; failures reach failBoot
  const pyodide = await step("the Python runtime (pyodide.asm.mjs, pyodide.asm.wasm)", () =>
    loadPyodide({
      indexURL: PYODIDE_DIR,
      lockFileContents,
      packageBaseUrl: PYODIDE_DIR,
      stdout: () => {},
      stderr: () => {},
    }),
  );
  status("loading", "Installing the guide's snippets…");
  const what = "the guide's snippets package";
  const problems = [];
  await step(what, () =>
    pyodide.loadPackage("snippets", {
      messageCallback: () => {},
      errorCallback: (message) => problems.push(String(message)),
    }),
  );
  try {
    pyodide.runPython("import snippets");
  } catch (error) {
    throw new BootError(what, `did not install (${problems[0] || describe(error)})`);
  }
  const call = pyodide.runPython(CALL_PY);
  const bootMs = Math.round(performance.now() - start);
  status("ready", `Python ready in ${(bootMs / 1000).toFixed(1)} s`, bootMs);
  return call;
}

let booting = null;

function ensureBoot() {
  if (!booting) {
    const failed = new Promise((_, reject) => {
      failBoot = reject;
    });
    booting = Promise.race([boot(), failed]).finally(() => {
      failBoot = null;
    });
    booting.catch((error) => {
      post({
        type: "boot-failed",
        message: error instanceof BootError ? error.message : `starting Python failed (${describe(error)})`,
      });
    });
  }
  return booting;
}

// One call at a time, first come first served. While Python runs a call this
// thread reads no messages, so the bridge, not this worker, tells a waiting call
// what it waits for: the worker says when each call starts and ends.
const waiting = [];
let pumping = false;

function run(call, { id, module, func, kwargs }) {
  try {
    const reply = JSON.parse(call(String(module), String(func), JSON.stringify(kwargs ?? {})));
    post({ type: "result", id, ...reply });
  } catch (error) {
    post({ type: "result", id, ok: false, error: describe(error) });
  }
}

async function pump() {
  if (pumping) return;
  pumping = true;
  try {
    const call = await ensureBoot();
    while (waiting.length) {
      const next = waiting.shift();
      post({ type: "started", id: next.id });
      run(call, next);
    }
  } catch {
    // boot-failed is posted; the bridge ends this worker and starts another
  } finally {
    pumping = false;
  }
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "boot") {
    ensureBoot().catch(() => {});
    return;
  }
  waiting.push(message);
  pump();
};
