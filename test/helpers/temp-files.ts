import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Writes files into a fresh temporary directory and returns their paths. */
export function tempFiles(files: Record<string, string | Buffer>): {
  dir: string;
  path: (name: string) => string;
} {
  const dir = mkdtempSync(join(tmpdir(), "fairaudit-test-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return { dir, path: (name) => join(dir, name) };
}
