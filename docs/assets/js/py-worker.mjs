// Module Web Worker that runs the guide's `snippets` package in Pyodide.
//
// Started by py-bridge.js on first use (never on page load). It boots the
// self-hosted Pyodide from ../pyodide/ (written by overrides/hooks/pyodide_assets.py),
// installs the `snippets` wheel listed in that folder's pyodide-lock.json (Pyodide
// checks its sha256), then answers calls one at a time.
//
// Messages in:  {id, module, func, kwargs}
// Messages out: {type: "status", state, message, bootMs}
//               {type: "result", id, ok: true, value}  (value is the JSON-decoded result)
//               {type: "result", id, ok: false, error: "ExcType: message"}

const PYODIDE_DIR = new URL("../pyodide/", import.meta.url).href;

// Runs inside Pyodide. Calls snippets.<module>.<func>(**kwargs) and returns JSON text,
// so only JSON-able data crosses back; an exception becomes "ExcType: message".
const CALL_PY = `
import importlib, json, re

def _bridge_call(module, func, kwargs_json):
    try:
        if not re.fullmatch(r"[a-z_][a-z0-9_]*(?:[.][a-z_][a-z0-9_]*)*", module):
            raise ValueError(f"not a snippets module name: {module!r}")
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", func):
            raise ValueError(f"not a public function name: {func!r}")
        target = getattr(importlib.import_module("snippets." + module), func, None)
        if not callable(target):
            raise AttributeError(f"snippets.{module} has no function {func!r}")
        kwargs = json.loads(kwargs_json)
        if not isinstance(kwargs, dict):
            raise TypeError("arguments must be an object of keyword arguments")
        value = json.dumps(target(**kwargs), allow_nan=False)
    except Exception as exc:
        return json.dumps({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
    return '{"ok": true, "value": ' + value + "}"

_bridge_call
`;

let booting = null;

// "ExcType: message" for any error, never a traceback.
function describe(error) {
  if (error && typeof error.type === "string") {
    // A PythonError: its message is the traceback; the last line is "ExcType: message".
    const lines = String(error.message).trim().split("\n");
    return lines[lines.length - 1];
  }
  return `${(error && error.name) || "Error"}: ${(error && error.message) || error}`;
}

function status(state, message, bootMs = null) {
  self.postMessage({ type: "status", state, message, bootMs });
}

async function boot() {
  const start = performance.now();
  status("loading", "Loading Python (Pyodide) in the background…");
  const { loadPyodide } = await import(PYODIDE_DIR + "pyodide.mjs");
  // The lockfile is revalidated with the server so a new build's wheel is found.
  const lockFileContents = fetch(PYODIDE_DIR + "pyodide-lock.json", { cache: "no-cache" }).then(
    (response) => {
      if (!response.ok) throw new Error(`pyodide-lock.json: HTTP ${response.status}`);
      return response.json();
    },
  );
  const pyodide = await loadPyodide({
    indexURL: PYODIDE_DIR,
    lockFileContents,
    packageBaseUrl: PYODIDE_DIR,
    stdout: () => {},
    stderr: () => {},
  });
  status("loading", "Installing the guide's snippets…");
  await pyodide.loadPackage("snippets", { messageCallback: () => {}, errorCallback: () => {} });
  const call = pyodide.runPython(CALL_PY);
  const bootMs = Math.round(performance.now() - start);
  status("ready", `Python ready in ${(bootMs / 1000).toFixed(1)} s`, bootMs);
  return call;
}

function ensureBoot() {
  if (!booting) {
    booting = boot().catch((error) => {
      status("error", `Python could not start: ${describe(error)}`);
      booting = null;
      throw error;
    });
  }
  return booting;
}

// One call at a time: each waits for the previous one to finish.
let queue = Promise.resolve();

async function run({ id, module, func, kwargs }) {
  let call;
  try {
    call = await ensureBoot();
  } catch (error) {
    self.postMessage({
      type: "result",
      id,
      ok: false,
      error: `RuntimeError: Python could not start (${describe(error)})`,
    });
    return;
  }
  const reply = JSON.parse(call(String(module), String(func), JSON.stringify(kwargs ?? {})));
  self.postMessage({ type: "result", id, ...reply });
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "boot") {
    ensureBoot().catch(() => {});
    return;
  }
  queue = queue
    .then(() => run(message))
    .catch((error) => {
      self.postMessage({ type: "result", id: message.id, ok: false, error: describe(error) });
    });
};
