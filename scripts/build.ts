// Builds dist/: the CLI and the scan worker, each bundled with its dependencies into a few files.
// Loading ~250 separate modules (zod alone brings 90) cost a fixed 0.1–0.25 s per run, and again
// in every worker thread; the bundle loads in a fraction of that. Type checking is
// `npm run typecheck`; esbuild only strips the types. The library's type declarations
// (dist/types/, for `import ... from "fairaudit"`) come from tsc with tsconfig.build.json.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
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
  await build({
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
  if (types) {
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const config = resolve(root, "tsconfig.build.json");
    execFileSync(process.execPath, [tsc, "-p", config, "--outDir", resolve(outdir, "types")], {
      stdio: "inherit",
    });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await buildDist();
