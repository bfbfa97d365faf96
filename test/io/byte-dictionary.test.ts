import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteDictionary } from "../../src/io/byte-fields.js";

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
