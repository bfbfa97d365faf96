/** Report formats; the CLI's choices derive from this list. */
export const FORMAT_IDS = ["terminal", "json", "csv", "markdown", "html", "junit"] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

export const FORMAT_EXTENSIONS = {
  terminal: "txt",
  json: "json",
  csv: "csv",
  markdown: "md",
  html: "html",
  junit: "junit.xml",
} as const satisfies Record<FormatId, string>;
