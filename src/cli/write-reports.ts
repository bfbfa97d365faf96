import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { UserError } from "../errors.js";
import { FORMAT_EXTENSIONS, type FormatId } from "../report/format-ids.js";

export interface RenderedReport {
  format: FormatId;
  text: string;
}

export const REPORT_BASENAME = "fairaudit-report";

/**
 * Writes every rendered report into `outDir` and nowhere else. Each file is written to a
 * temporary name first and renamed, so a reader never sees half a report.
 */
export async function writeReports(
  outDir: string,
  reports: readonly RenderedReport[],
): Promise<string[]> {
  const dir = resolve(outDir);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new UserError(
      `cannot create the output directory (${(error as NodeJS.ErrnoException).code})`,
      { file: outDir },
      "output",
    );
  }
  const written: string[] = [];
  const temps: string[] = [];
  try {
    for (const r of reports) {
      const target = join(dir, `${REPORT_BASENAME}.${FORMAT_EXTENSIONS[r.format]}`);
      const temp = `${target}.${process.pid}.tmp`;
      temps.push(temp);
      await writeFile(temp, r.text, "utf8");
    }
    for (const [i, r] of reports.entries()) {
      const target = join(dir, `${REPORT_BASENAME}.${FORMAT_EXTENSIONS[r.format]}`);
      await rename(temps[i] as string, target);
      written.push(target);
    }
  } catch (error) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    if (error instanceof UserError) throw error;
    throw new UserError(
      `cannot write the reports (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      { file: outDir },
      "output",
    );
  }
  return written;
}
