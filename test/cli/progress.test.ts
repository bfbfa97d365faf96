import { describe, expect, it } from "vitest";
import { createProgressBar, formatProgress } from "../../src/cli/progress.js";

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (s: string) => written.push(s) }, written };
}

describe("progress bar", () => {
  it("draws bytes of total, rows/s and ETA", () => {
    expect(formatProgress({ bytesRead: 25e6, totalBytes: 100e6, rowsRead: 500_000 }, 2)).toBe(
      "[######------------------]  25%  25.0 of 100.0 MB · 250,000 rows/s · ETA 6s",
    );
  });
  it("draws on a TTY, throttled by an injected clock, and erases itself", () => {
    const { stream, written } = sink(true);
    let t = 0;
    const bar = createProgressBar(stream, { quiet: false, now: () => t });
    bar.update({ bytesRead: 1, totalBytes: 10, rowsRead: 1 });
    t = 50;
    bar.update({ bytesRead: 2, totalBytes: 10, rowsRead: 2 });
    t = 200;
    bar.update({ bytesRead: 10, totalBytes: 10, rowsRead: 9 });
    bar.done();
    expect(written).toHaveLength(3);
    expect(written[2]).toBe("\r\u001b[K");
  });
  it("prints nothing when stderr is not a TTY, or with --quiet", () => {
    for (const [isTTY, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const { stream, written } = sink(isTTY);
      const bar = createProgressBar(stream, { quiet });
      bar.update({ bytesRead: 5, totalBytes: 10, rowsRead: 5 });
      bar.done();
      expect(written).toEqual([]);
    }
  });
});
