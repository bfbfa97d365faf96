import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteDictionary } from "../../src/io/byte-dictionary.js";

/** Looks every value up in turn, as the byte reader does, and checks the codes against a Map. */
function checkCodes(values: readonly string[]): void {
  const dictionary = new ByteDictionary();
  const expected = new Map<string, number>();
  for (const value of values) {
    // The field sits inside a larger buffer, as in a chunk of a file.
    const buf = Buffer.from(`,${value},`);
    const code = dictionary.lookup(buf, 1, buf.length - 1);
    if (!expected.has(value)) expected.set(value, expected.size);
    expect(code).toBe(expected.get(value));
    expect(dictionary.strings[code]).toBe(value);
  }
}

describe("ByteDictionary", () => {
  it("gives each distinct byte string one code and its text, across table growth", () => {
    const dictionary = new ByteDictionary();
    const words = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919) % 3000}é`);
    const codes = new Map<string, number>();
    for (const word of words) {
      const bytes = Buffer.from(`,${word},`);
      const code = dictionary.lookup(bytes, 1, bytes.length - 1);
      const known = codes.get(word);
      if (known === undefined) codes.set(word, code);
      else expect(code).toBe(known);
      expect(dictionary.strings[code]).toBe(word);
    }
    expect(new Set(codes.values()).size).toBe(3000);
  });

  it("gives each distinct value one code, short (packed) or long", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "binary", maxLength: 7 }), { maxLength: 200 }),
        (values) => checkCodes([...values, ...values.slice().reverse()]),
      ),
      { numRuns: 300 },
    );
  });

  it("tells apart short values whose packed bytes are equal (zero bytes) by their length", () => {
    checkCodes(["", "\0", "\0\0", "\0\0\0", "\0\0\0\0", "\0", ""]);
  });

  it("keeps giving the same codes once more short values came than the packed table holds", () => {
    // 0 … 2999: far more values of at most four bytes than the 512 the packed table takes.
    const values = Array.from({ length: 3000 }, (_, i) => String(i));
    checkCodes([...values, ...values, "", "a", ""]);
  });
});
