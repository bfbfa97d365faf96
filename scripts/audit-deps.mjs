#!/usr/bin/env node
// Fails on high or critical advisories in the code users run: the runtime dependencies, and the
// packages bundled into dist/ (dist/bundled.json, written by the build; they are dev
// dependencies because the bundle carries them). Advisories in tools used only to develop and
// test are reported, not fatal. Where the advisory service cannot be reached (some registries
// and mirrors refuse it), says so and passes: an unreachable service is not evidence of a
// vulnerability, and CI must not depend on it.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const shipped = new Set([
  ...Object.keys(pkg.dependencies ?? {}),
  ...JSON.parse(readFileSync("dist/bundled.json", "utf8")).map((b) => b.name),
]);
const run = spawnSync("npm", ["audit", "--json"], { encoding: "utf8" });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.warn("npm audit: no report (advisory service unreachable?); skipped");
  process.exit(0);
}
if (report.statusCode !== undefined || report.error !== undefined) {
  console.warn(
    `npm audit: advisory service unavailable (${report.statusCode ?? report.error?.summary}); skipped`,
  );
  process.exit(0);
}
const serious = Object.values(report.vulnerabilities ?? {}).filter(
  (v) => v.severity === "high" || v.severity === "critical",
);
const inShipped = serious.filter((v) => shipped.has(v.name));
for (const v of serious) {
  console.log(
    `npm audit: ${v.severity} ${v.name}${shipped.has(v.name) ? " (shipped)" : " (development only)"}`,
  );
}
console.log(
  `npm audit: ${inShipped.length} high or critical advisories in the ${shipped.size} shipped packages`,
);
process.exit(inShipped.length > 0 ? 1 : 0);
