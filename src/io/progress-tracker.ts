import type { createHash } from "node:crypto";
import type { LoadSpec } from "./load-spec.js";

/**
 * Counts bytes over every pass for the progress callback and feeds the final pass of each file
 * into its hash. No I/O and no drawing here: the callback's owner decides what to show.
 */
export function progressTracker(spec: LoadSpec, rowsRead: () => number) {
  const tracker = {
    total: 0,
    read: 0,
    hashing(hash: ReturnType<typeof createHash> | null) {
      return (chunk: Buffer) => {
        hash?.update(chunk);
        tracker.read += chunk.length;
        spec.onProgress?.({
          bytesRead: tracker.read,
          totalBytes: tracker.total,
          rowsRead: rowsRead(),
        });
      };
    },
  };
  return tracker;
}
