import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";

/**
 * Streaming UTF-8 validation. Decoders (csv-parse's included) silently turn invalid bytes into
 * U+FFFD, which would merge distinct group labels or ids without a trace; the audit refuses such
 * a file instead. Chunks may split a multi-byte character: the decoder carries the partial tail.
 */
export class Utf8Check {
  /** bytes of a character cut by the previous chunk's end */
  private tail: Buffer = Buffer.alloc(0);
  valid = true;

  /** false once an invalid sequence has been seen */
  push(chunk: Buffer): boolean {
    if (!this.valid) return false;
    const data = this.tail.length === 0 ? chunk : Buffer.concat([this.tail, chunk]);
    const cut = incompleteTail(data);
    this.tail = Buffer.from(data.subarray(data.length - cut));
    // node's isUtf8 is native and allocates nothing: cheap enough for every byte of a large file.
    this.valid = isUtf8(data.subarray(0, data.length - cut));
    return this.valid;
  }

  /** false when the input ended inside a multi-byte character */
  end(): boolean {
    return this.valid && this.tail.length === 0;
  }
}

/** How many bytes at the end belong to a multi-byte character that is not complete yet (0–3). */
function incompleteTail(data: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, data.length); back++) {
    const byte = data[data.length - back] as number;
    if ((byte & 0xc0) !== 0x80) {
      // a lead byte: how long should its sequence be?
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return need > back ? back : 0;
    }
  }
  return 0;
}

export interface TextPosition {
  /** 1-based physical line on which the offending field starts */
  line: number;
  /** 1-based field index */
  column: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The error path only: re-reads the file, splitting it into fields the way the parser does
 * (quotes, CRLF, LF or CR line ends), and returns where the first field with invalid UTF-8 starts.
 */
export async function locateInvalidUtf8(
  path: string,
  delimiter: string,
): Promise<TextPosition | null> {
  const delim = delimiter.charCodeAt(0);
  let line = 1;
  let column = 1;
  let quoted = false;
  let field: number[] = [];
  let fieldLine = 1;
  let prevCr = false;
  let found: TextPosition | null = null;
  const closeField = () => {
    if (found === null && !isUtf8(Uint8Array.from(field))) found = { line: fieldLine, column };
    field = [];
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    for (const byte of chunk as Buffer) {
      if (found !== null) return found;
      if (byte === LF || byte === CR) {
        const crlf = byte === LF && prevCr;
        prevCr = byte === CR;
        if (!quoted) {
          if (crlf) continue;
          closeField();
          line++;
          column = 1;
          fieldLine = line;
          continue;
        }
        if (!crlf) line++;
        field.push(byte);
        continue;
      }
      prevCr = false;
      if (byte === QUOTE) quoted = !quoted;
      if (!quoted && byte === delim) {
        closeField();
        column++;
        fieldLine = line;
        continue;
      }
      field.push(byte);
    }
  }
  closeField();
  return found;
}
