// Builds dist/: the CLI and the scan worker, each bundled with its dependencies into a few files.
// Loading ~250 separate modules (zod alone brings 90) cost a fixed 0.1–0.25 s per run, and again
// in every worker thread; the bundle loads in a fraction of that. Type checking is
// `npm run typecheck`; esbuild only strips the types.
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

export async function buildDist(root = process.cwd()): Promise<void> {
  const outdir = resolve(root, "dist");
  rmSync(outdir, { recursive: true, force: true });
  await build({
    // Flat output: the scan code finds its worker as ./scan-worker.js next to itself.
    entryPoints: {
      main: resolve(root, "src/cli/main.ts"),
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
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await buildDist();
