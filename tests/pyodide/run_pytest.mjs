// Run pytest inside real Pyodide under Node, offline, from the npm package.
//
//   node tests/pyodide/run_pytest.mjs <repo> <deps> [pytest args...]
//
// <repo> is mounted at /repo (the snippets and tests), <deps> at /deps: a folder of
// pure-Python packages (pytest, hypothesis and what they import) copied from the
// test virtualenv by tests/pyodide/test_in_pyodide.py. The exit code is pytest's.
import { loadPyodide } from "../../node_modules/pyodide/pyodide.mjs";
import { fileURLToPath } from "node:url";

const [repo, deps, ...args] = process.argv.slice(2);
if (!repo || !deps) {
  console.error("usage: node run_pytest.mjs <repo> <deps> [pytest args...]");
  process.exit(2);
}
const pyodide = await loadPyodide({
  indexURL: fileURLToPath(new URL("../../node_modules/pyodide/", import.meta.url)),
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
const { FS } = pyodide;
for (const [host, target] of [
  [repo, "/repo"],
  [deps, "/deps"],
]) {
  FS.mkdirTree(target);
  FS.mount(FS.filesystems.NODEFS, { root: host }, target);
}
FS.mkdirTree("/work");
pyodide.globals.set("pytest_args", pyodide.toPy(args));
let code;
try {
  code = await pyodide.runPythonAsync(`
import os, sys
sys.path[:0] = ["/deps", "/repo"]
os.chdir("/work")  # in memory: .hypothesis and caches never touch the checkout
import pytest
print("Python", sys.version.split()[0], "on", sys.platform)
int(pytest.main(list(pytest_args)))
`);
} catch (error) {
  console.error(error.type ? error.message : String(error));
  code = 3;
}
process.exit(code);
