import { z } from "zod";
import { DISPARITY_IDS } from "../core/metric-ids.js";
import { VERDICTS } from "../policy/finding.js";
import { COMPARISONS } from "../policy/policy-schema.js";

/** Bump on any change a reader of old history files could not handle. */
export const HISTORY_VERSION = 1;

const historyFindingSchema = z.strictObject({
  rule: z.string(),
  /** the change rule, on release-gate findings */
  change: z.string().optional(),
  attribute: z.string(),
  group: z.string().nullable(),
  metric: z.enum(DISPARITY_IDS),
  comparison: z.enum(COMPARISONS),
  value: z.number().nullable(),
  verdict: z.enum(VERDICTS),
  min: z.number().optional(),
  max: z.number().optional(),
});

/** One line of a history file (JSON Lines): one audit run, compact. */
export const historyEntrySchema = z.strictObject({
  v: z.literal(HISTORY_VERSION),
  time: z.string(),
  tool: z.string(),
  configHash: z.string().nullable(),
  inputs: z.array(
    z.strictObject({
      role: z.enum(["data", "predictions"]),
      name: z.string(),
      sha256: z.string().nullable(),
      rows: z.number(),
    }),
  ),
  rows: z.strictObject({ read: z.number(), audited: z.number() }),
  verdict: z.enum(["pass", "warn", "fail"]),
  findings: z.array(historyFindingSchema),
});

export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type HistoryFinding = HistoryEntry["findings"][number];
