#!/usr/bin/env node
// Runs the compiled CLI (built by `npm ci` through the `prepare` script) so start-up stays fast.
import { runProcess } from "../dist/main.js";

try {
  await runProcess(process.argv);
} catch (error) {
  // Not a user error: a defect. Exit 2 (the audit could not run), never 1 (policy failed).
  process.stderr.write(`fairaudit: internal error, please report it: ${error?.stack ?? error}\n`);
  process.exitCode = 2;
}
