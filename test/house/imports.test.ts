import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { cycles, directionViolations, importGraph } from "../../scripts/check-imports.js";

/** A throwaway src/ tree: path → source text. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "fairaudit-imports-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("the house rule: imports in src/ point down the tiers", () => {
  it("holds for src/: no import against the direction, no cycle, every room in a tier", () => {
    const graph = importGraph("src");
    expect(graph.size).toBeGreaterThan(100);
    expect(directionViolations(graph)).toEqual([]);
    expect(cycles(graph)).toEqual([]);
  });

  it("names an upward import, a peer import and a room without a tier", () => {
    const graph = importGraph(
      tree({
        "stats/a.ts": 'import { r } from "../report/r.js";\nexport const a = r;',
        "report/r.ts": "export const r = 1;",
        "core/c.ts": 'import type { G } from "../groups/g.js";\nexport type C = G;',
        "groups/g.ts": "export type G = number;",
        "attic/x.ts": "export const x = 1;",
        "io/ok.ts": 'import { a } from "../stats/a.js";\nexport const ok = a;',
      }),
    );
    expect(directionViolations(graph).sort()).toEqual([
      'attic/x.ts: room "attic" has no tier in scripts/check-imports.ts',
      "core/c.ts imports groups/g.ts: core may not import groups",
      "stats/a.ts imports report/r.ts: stats may not import report",
    ]);
  });

  it("finds a cycle through several files and a file that imports itself", () => {
    const graph = importGraph(
      tree({
        "report/a.ts": 'import "./b.js";',
        "report/b.ts": 'import "./c.js";',
        "report/c.ts": 'import "./a.js";',
        "report/self.ts": 'export * from "./self.js";',
        "report/leaf.ts": 'import "./a.js";',
      }),
    );
    expect(cycles(graph).sort()).toEqual([
      ["report/a.ts", "report/b.ts", "report/c.ts"],
      ["report/self.ts"],
    ]);
  });
});
