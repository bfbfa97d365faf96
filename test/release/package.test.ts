import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { buildDist } from "../../scripts/build.js";
import { runCli } from "../helpers/run-cli.js";

/**
 * The package as a user gets it: the repository is packed (`npm pack`), the tarball installed
 * into a new project in a folder whose name has spaces, and used from there, both as a library
 * (`import { audit } from "fairaudit"`, type-checked by tsc as a TypeScript user would) and as
 * bin/fairaudit.js through npx. attw and publint check the tarball's exports and types.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const CONFIG = join(ROOT, "fixtures/example-campaign/audit.yml");
const run = promisify(execFile);
/** a dev dependency's script, by its path in node_modules (some packages export no bin path) */
const bin = (path: string) => join(ROOT, "node_modules", path);

async function exec(file: string, args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const CONSUMER = `import { audit, renderReport, UserError, type AuditResult } from "fairaudit";

const result: AuditResult = await audit({ config: process.argv[2], timestamp: false });
let missing = "";
try {
  await audit({ data: "no-such-file.csv", protected: ["gender"], decision: "targeted" });
} catch (error) {
  if (error instanceof UserError) missing = error.code;
}
process.stdout.write(
  JSON.stringify({
    verdict: result.verdict,
    findings: result.findings.map((f) => [f.rule, f.attribute, f.group, f.verdict, f.actual]),
    markdown: renderReport(result, "markdown").length,
    missing,
  }),
);
`;

let dir = "";
let tarball = "";
let project = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fairaudit package "));
  const pkg = join(dir, "pkg");
  await mkdir(pkg);
  for (const entry of ["package.json", "README.md", "LICENSE", "bin", "schema", "docs"]) {
    await cp(join(ROOT, entry), join(pkg, entry), { recursive: true });
  }
  await buildDist(ROOT, { outdir: join(pkg, "dist"), types: true });
  const packed = await exec("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], pkg);
  expect(packed.code, packed.stderr).toBe(0);
  const name = (await readdir(dir)).find((f) => f.endsWith(".tgz"));
  tarball = join(dir, name ?? "missing.tgz");
  project = join(dir, "my project");
  await mkdir(project);
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  const installed = await exec(
    "npm",
    ["install", "--no-audit", "--no-fund", "--ignore-scripts", tarball],
    project,
  );
  expect(installed.code, installed.stderr).toBe(0);
}, 600_000);

/** Bytes of every file below `path`. */
async function sizeOf(path: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** The README states these; a change that adds to them must change the README too. */
const BUDGET = { packages: ["fairaudit", "zod"], megabytes: 12 };

describe("the packed package", { timeout: 300_000 }, () => {
  it("installs within its budget: the bundle plus the one package its types need", async () => {
    const modules = join(project, "node_modules");
    const names = (await readdir(modules)).filter((n) => !n.startsWith("."));
    expect(names.sort()).toEqual(BUDGET.packages);
    expect((await sizeOf(modules)) / 1e6).toBeLessThan(BUDGET.megabytes);
    const files = await readdir(join(modules, "fairaudit", "dist"));
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(files).toContain("THIRD-PARTY-LICENSES.txt");
    expect(await readdir(join(modules, "fairaudit", "docs"))).toContain("statistics.md");
  });

  it("passes attw (ESM types resolve) and publint", async () => {
    const attw = await exec(
      process.execPath,
      [bin("@arethetypeswrong/cli/dist/index.js"), tarball, "--profile", "esm-only"],
      dir,
    );
    expect(attw.code, attw.stdout + attw.stderr).toBe(0);
    const publint = await exec(process.execPath, [bin("publint/src/cli.js"), tarball], dir);
    expect(publint.code, publint.stdout + publint.stderr).toBe(0);
  });

  it("is a typed library: a TypeScript user's code type-checks and audits like the CLI", async () => {
    await writeFile(join(project, "check.ts"), CONSUMER);
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2023",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          skipLibCheck: false,
          types: ["node"],
          typeRoots: [join(ROOT, "node_modules/@types")],
          outDir: "out",
        },
        files: ["check.ts"],
      }),
    );
    const tsc = await exec(process.execPath, [bin("typescript/bin/tsc"), "-p", "."], project);
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
    const used = await exec(process.execPath, ["out/check.js", CONFIG], project);
    expect(used.code, used.stderr).toBe(0);
    const fromLibrary = JSON.parse(used.stdout);

    const cli = await runCli(["audit", "--config", CONFIG, "--format", "json", "--no-timestamp"]);
    const report = JSON.parse(cli.stdout);
    expect(fromLibrary.verdict).toBe(report.verdict);
    expect(fromLibrary.findings).toEqual(
      report.findings.map((f: Record<string, unknown>) => [
        f.rule,
        f.attribute,
        f.group,
        f.verdict,
        f.actual,
      ]),
    );
    expect(fromLibrary.findings.length).toBeGreaterThan(0);
    expect(fromLibrary.markdown).toBeGreaterThan(1000);
    expect(fromLibrary.missing).not.toBe("");
  });

  it("runs the README's library example as written", async () => {
    const readme = await readFile(join(ROOT, "README.md"), "utf8");
    const example = readme.split("## Library API")[1]?.match(/```ts\n([\s\S]*?)```/)?.[1];
    expect(example).toBeDefined();
    await cp(join(ROOT, "fixtures/example-campaign"), join(project, "fixtures/example-campaign"), {
      recursive: true,
    });
    await writeFile(join(project, "example.ts"), example ?? "");
    const own = await exec(
      process.execPath,
      [
        bin("typescript/bin/tsc"),
        "example.ts",
        "--target",
        "ES2023",
        "--module",
        "NodeNext",
        "--moduleResolution",
        "NodeNext",
        "--strict",
        "--types",
        "node",
        "--typeRoots",
        join(ROOT, "node_modules/@types"),
        "--outDir",
        "out",
      ],
      project,
    );
    expect(own.code, own.stdout).toBe(0);
    const ran = await exec(process.execPath, ["out/example.js"], project);
    const cli = await runCli(["audit", "--config", CONFIG]);
    expect(ran.code, ran.stderr).toBe(cli.code);
    expect(ran.stdout).toMatch(/^(pass|warn|fail|inconclusive) \d+ findings\n$/);
    const html = await readFile(join(project, "report.html"), "utf8");
    expect(html).toContain("<svg");
  });

  it("runs as bin/fairaudit.js through npx, in a folder with spaces, with the CLI's exit code", async () => {
    const viaNpx = await exec("npx", ["--no", "fairaudit", "audit", "--config", CONFIG], project);
    const cli = await runCli(["audit", "--config", CONFIG]);
    expect(viaNpx.code).toBe(cli.code);
    expect(viaNpx.stdout).toContain("fairaudit");
    const bad = await exec("npx", ["--no", "fairaudit", "audit", "no-such.csv"], project);
    expect(bad.code).toBe(2);
  });
});
