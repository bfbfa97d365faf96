/**
 * Data-derived text made inert in a Markdown table cell: control characters go, and characters
 * that Markdown or HTML would interpret are backslash-escaped or encoded (a group named
 * "<img onerror=…>" or "a|b" stays text in a pull-request comment).
 */
export function mdCell(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")
      .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
  );
}
