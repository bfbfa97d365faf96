import type { AuditStage } from "../audit.js";
import type { LoadProgress, PassInfo } from "../io/load-spec.js";

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBar {
  update(progress: LoadProgress): void;
  /** erases the bar so the report starts on a clean line */
  done(): void;
}

const NO_BAR: ProgressBar = { update() {}, done() {} };
/** Redraw at most this often: a terminal repaint per 1 MB chunk would cost more than it tells. */
const REDRAW_MS = 100;
const BAR = 24;

/**
 * The loader's progress drawn on stderr: bytes of total, rows/s and ETA. Only on a TTY and not
 * with --quiet; the clock is injected so tests can drive it.
 */
export function createProgressBar(
  stream: ProgressStream,
  options: { quiet: boolean; now?: () => number },
): ProgressBar {
  if (options.quiet || stream.isTTY !== true) return NO_BAR;
  const now = options.now ?? (() => performance.now());
  const start = now();
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(p) {
      const t = now();
      if (t - last < REDRAW_MS && p.bytesRead < p.totalBytes) return;
      last = t;
      drawn = true;
      stream.write(`\r${formatProgress(p, (t - start) / 1000)}\u001b[K`);
    },
    done() {
      if (drawn) stream.write("\r\u001b[K");
    },
  };
}

/** "[#########---------------]  37%  12.0 of 32.4 MB · 210,000 rows/s · ETA 9s" */
export function formatProgress(p: LoadProgress, seconds: number): string {
  const share = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
  const filled = Math.round(share * BAR);
  const bar = `[${"#".repeat(filled)}${"-".repeat(BAR - filled)}]`;
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  const rate = seconds > 0 ? Math.round(p.rowsRead / seconds) : 0;
  const bytesPerSecond = seconds > 0 ? p.bytesRead / seconds : 0;
  const eta =
    bytesPerSecond > 0 && share < 1
      ? ` · ETA ${formatSeconds((p.totalBytes - p.bytesRead) / bytesPerSecond)}`
      : "";
  return `${bar} ${percent}  ${mb(p.bytesRead)} of ${mb(p.totalBytes)} MB · ${rate.toLocaleString("en-US")} rows/s${eta}`;
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.ceil(s - m * 60)).padStart(2, "0")}s`;
}

/** How the final pass ran, for --verbose. */
export function passLine(pass: PassInfo): string {
  const threads = pass.threads === 1 ? "one thread" : `${pass.threads} threads`;
  const join =
    pass.join === null
      ? ""
      : `, model output joined by a ${pass.join === "merge" ? "merge join (both files ordered by id)" : "hash join"}`;
  return `fairaudit: data read with ${threads}${join}\n`;
}

/**
 * The seconds of the audit's stages for --verbose: `onStage` for runAudit, `line()` once the
 * reports are written (the benchmark reads this line too).
 */
export function stageTimer() {
  const times: Partial<Record<AuditStage | "reports", number>> = {};
  let since = performance.now();
  return {
    onStage(stage: AuditStage, seconds: number): void {
      times[stage] = seconds;
      since = performance.now();
    },
    line(): string {
      times.reports = (performance.now() - since) / 1000;
      const parts = (["data", "statistics", "reports"] as const).flatMap((stage) => {
        const seconds = times[stage];
        return seconds === undefined ? [] : [`${stage} ${seconds.toFixed(2)} s`];
      });
      return `fairaudit: time: ${parts.join(", ")}\n`;
    },
  };
}
