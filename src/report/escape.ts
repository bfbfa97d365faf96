/**
 * Data-derived text (attribute, group, file and rule names come from the user's files) made inert
 * in each medium fairaudit writes: one function per medium, used by every renderer that writes
 * it (audit reports, comparisons, history, CI annotations).
 */

/**
 * GitHub Markdown: no HTML (entities), no emphasis, links, code or table breaks (backslash
 * escapes), no autolinks and no @-mentions; control characters go and line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "")
      .replace(/[\r\n\t]+/g, " ")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/[\\`*_[\]|~!#]/g, (c) => `\\${c}`)
      .replace(/:\/\//g, "&#58;//")
      .replace(/www\./gi, (w) => `${w.slice(0, 3)}&#46;`)
      .replace(/@/g, "@\u200b")
  );
}

/**
 * HTML and inline SVG (text and quoted attribute values): the five markup characters become
 * entities and control characters (ANSI escapes included) are dropped.
 */
export function escapeHtml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;")
  );
}

/**
 * XML text content. Careful escaping instead of an XML library: the output is a fixed, shallow
 * shape, so five entities plus removing the characters XML 1.0 forbids (C0 controls such as ESC,
 * lone surrogates, U+FFFE/U+FFFF) keep any data-derived string well-formed and inert.
 */
export function escapeXmlText(value: string): string {
  return stripInvalidXml(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An XML attribute value (quoted with either quote). */
export function escapeXmlAttribute(value: string): string {
  // Newlines and tabs in attributes are normalised away by parsers unless written as references.
  return escapeXmlText(value)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}

function stripInvalidXml(value: string): string {
  return value.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing what XML 1.0 forbids
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    "",
  );
}

/**
 * A CSV field: RFC 4180 quoting, and OWASP's advice against formula injection: a data-derived
 * cell starting with = + - @ tab or CR is prefixed with a single quote so spreadsheets show it
 * as text.
 */
export function escapeCsv(raw: string): string {
  // Control characters (ANSI escapes, bell) are never data a spreadsheet should show.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const value = raw.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * A terminal: control characters (ANSI escapes included) go, and so do the invisible
 * bidirectional overrides that can make text display other than it reads ("Trojan Source",
 * CVE-2021-42574).
 */
export function escapeTerminal(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "");
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters (ANSI escapes) go
const WORKFLOW_CONTROLS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** The message of a GitHub Actions workflow command (`::warning ...::message`). */
export function escapeWorkflowData(text: string): string {
  return text
    .replace(WORKFLOW_CONTROLS, "")
    .replace(/%/g, "%25")
    .replace(/\r/g, "%0D")
    .replace(/\n/g, "%0A");
}

/** A property value of a GitHub Actions workflow command (`title=...`). */
export function escapeWorkflowProperty(text: string): string {
  return escapeWorkflowData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
