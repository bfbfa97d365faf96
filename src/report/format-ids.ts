/** Report formats; the CLI's choices derive from this list. */
export const FORMAT_IDS = ["terminal", "json", "csv"] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

export const FORMAT_EXTENSIONS = {
  terminal: "txt",
  json: "json",
  csv: "csv",
} as const satisfies Record<FormatId, string>;
