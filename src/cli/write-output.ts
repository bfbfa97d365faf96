import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { UserError } from "../errors.js";

/** Writes one output file through a temporary name, so a reader never sees half of it. */
export async function writeOutputFile(path: string, text: string): Promise<void> {
  const target = resolve(path);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(temp, text, "utf8");
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw new UserError(
      `cannot write the output (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      { file: path },
      "output",
    );
  }
}

/** Commander choice parsing for a single format out of a closed list. */
export function formatChoice<T extends string>(ids: readonly T[]) {
  return (value: string): T => {
    if (!(ids as readonly string[]).includes(value)) {
      throw new UserError(`unknown format "${value}" (formats: ${ids.join(", ")})`, {}, "usage");
    }
    return value as T;
  };
}
