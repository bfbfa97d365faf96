/**
 * The house rule, checked: imports in src/ point one way down the pipeline, and no module imports
 * itself back through others. The tiers below are the ones ARCHITECTURE.md draws; a room may
 * import its own files and the rooms of lower tiers, never a room of its own tier or above.
 * Run by `npm test` (test/house/imports.test.ts); as a script it exits 1 naming every import against
 * the direction, every cycle and every room that has no tier.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import ts from "typescript";

/** Bottom first. Rooms in one tier are peers and may not import each other. */
export const TIERS: readonly (readonly string[])[] = [
  ["kernel"], // src/errors.ts, src/version.ts
  ["stats", "membership"],
  ["core", "groups"],
  ["privacy"],
  ["io"],
  ["warehouse"],
  ["inference"],
  ["policy"],
  ["result"],
  ["report"],
  ["compare", "history", "init"],
  ["config"],
  ["audit"], // src/audit.ts, the orchestrator
  ["api"], // the library's functions; src/index.ts exports them
  ["cli", "entry"], // the shell, and any other file at the top of src/
];

const KERNEL = new Set(["errors.ts", "version.ts"]);

export function roomOf(file: string): string {
  const parts = file.split("/");
  if (parts.length === 1) {
    const name = parts[0] ?? "";
    if (KERNEL.has(name)) return "kernel";
    return name === "audit.ts" ? "audit" : "entry";
  }
  return parts[0] ?? "";
}

function tierOf(room: string): number {
  return TIERS.findIndex((t) => t.includes(room));
}

/** Every .ts file below dir, as a path relative to dir with forward slashes. */
function sourceFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix === "" ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(dir, rel);
    return e.name.endsWith(".ts") ? [rel] : [];
  });
}

/** file → the src files it imports (static, type-only and dynamic imports alike). */
export function importGraph(srcDir: string): Map<string, string[]> {
  const files = sourceFiles(srcDir);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(join(srcDir, file), "utf8"), true, true);
    const targets: string[] = [];
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = normalize(join(dirname(file), fileName))
        .replace(/\\/g, "/")
        .replace(/\.js$/, ".ts");
      if (known.has(target)) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

export function directionViolations(graph: Map<string, string[]>): string[] {
  const out: string[] = [];
  const tierless = new Set<string>();
  for (const file of graph.keys()) {
    const room = roomOf(file);
    if (tierOf(room) < 0 && !tierless.has(room)) {
      tierless.add(room);
      out.push(`${file}: room "${room}" has no tier in scripts/check-imports.ts`);
    }
  }
  for (const [file, targets] of graph) {
    const from = roomOf(file);
    for (const target of targets) {
      const to = roomOf(target);
      if (to === from) continue;
      const [a, b] = [tierOf(from), tierOf(to)];
      if (a < 0 || b < 0) continue;
      if (b >= a) out.push(`${file} imports ${target}: ${from} may not import ${to}`);
    }
  }
  return out;
}

/** Strongly connected components of more than one file (or a file importing itself). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

if (process.argv[1] && relative(process.argv[1], import.meta.filename) === "") {
  const graph = importGraph(join(import.meta.dirname, "..", "src"));
  const problems = [
    ...directionViolations(graph),
    ...cycles(graph).map((c) => `import cycle: ${c.join(" ↔ ")}`),
  ];
  for (const p of problems) console.error(p);
  if (problems.length > 0) process.exit(1);
  console.log(`imports: ${graph.size} files, every import points down, no cycles`);
}
