// Builds dist/: the CLI and the scan worker, each bundled with its dependencies into a few files.
// Loading ~250 separate modules (zod alone brings 90) cost a fixed 0.1–0.25 s per run, and again
// in every worker thread; the bundle loads in a fraction of that. Type checking is
// `npm run typecheck`; esbuild only strips the types. The library's type declarations
// (dist/types/, for `import ... from "fairaudit"`) come from tsc with tsconfig.build.json.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

/**
 * `types: false` skips the declarations (the tests' build: about 10 s less); `outdir` builds
 * somewhere else than `<root>/dist` (the package test packs such a copy).
 */
export async function buildDist(
  root = process.cwd(),
  { types = true, outdir = resolve(root, "dist") }: { types?: boolean; outdir?: string } = {},
): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  const { metafile } = await build({
    metafile: true,
    // Flat output: the scan code finds its worker as ./scan-worker.js next to itself.
    entryPoints: {
      main: resolve(root, "src/cli/main.ts"),
      index: resolve(root, "src/index.ts"),
      "scan-worker": resolve(root, "src/io/scan-worker.ts"),
    },
    outdir,
    chunkNames: "chunk-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: true,
    // CommonJS dependencies (commander, @stdlib) require Node's built-ins; an ES module has no
    // `require` of its own, so every output file gets one.
    banner: {
      js: 'import { createRequire as fairauditCreateRequire } from "node:module";\nconst require = fairauditCreateRequire(import.meta.url);',
    },
    logLevel: "warning",
  });
  writeBundledNotices(root, outdir, Object.keys(metafile.inputs));
  if (types) {
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const config = resolve(root, "tsconfig.build.json");
    execFileSync(process.execPath, [tsc, "-p", config, "--outDir", resolve(outdir, "types")], {
      stdio: "inherit",
    });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await buildDist();

/**
 * The bundle contains these packages' code, so the package ships their licences
 * (dist/THIRD-PARTY-LICENSES.txt) and says which they are (dist/bundled.json: name, version,
 * licence), which scripts/audit-deps.mjs checks against the advisory database.
 */
function writeBundledNotices(root: string, outdir: string, inputs: readonly string[]): void {
  const dirs = new Map<string, string>();
  for (const input of inputs) {
    const found = [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].at(-1);
    if (found?.[1] === undefined) continue;
    dirs.set(input.slice(0, found.index + found[0].length), found[1]);
  }
  const bundled: { name: string; version: string; license: string }[] = [];
  const byText = new Map<string, string[]>();
  for (const [dir, name] of [...dirs].sort((a, b) => a[1].localeCompare(b[1]))) {
    const at = resolve(root, dir);
    const pkg = JSON.parse(readFileSync(resolve(at, "package.json"), "utf8")) as {
      version: string;
      license?: string;
    };
    const license = pkg.license ?? "UNKNOWN";
    bundled.push({ name, version: pkg.version, license });
    const file = readdirSync(at).find((f) => /^(licen[sc]e|copying)(\.|$)/i.test(f));
    const text =
      file === undefined
        ? `(no licence file; package.json says ${license})`
        : readFileSync(resolve(at, file), "utf8").trim();
    byText.set(text, [...(byText.get(text) ?? []), `${name}@${pkg.version}`]);
  }
  if (!existsSync(outdir)) throw new Error(`${outdir} was not built`);
  writeFileSync(resolve(outdir, "bundled.json"), `${JSON.stringify(bundled, null, 2)}\n`);
  const sections = [...byText].map(([text, names]) => `${names.join("\n")}\n\n${text}`);
  writeFileSync(
    resolve(outdir, "THIRD-PARTY-LICENSES.txt"),
    `fairaudit's dist/ bundles code of the following packages, under these licences.\n\n${sections.join(`\n\n${"-".repeat(72)}\n\n`)}\n`,
  );
}
