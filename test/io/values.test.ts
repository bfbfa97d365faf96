import { describe, expect, it } from "vitest";
import { DEFAULT_MISSING_VALUES, parseBinary, parseNumber } from "../../src/io/values.js";

const missing = new Set(DEFAULT_MISSING_VALUES);

describe("parseNumber", () => {
  it("reads decimal numbers", () => {
    for (const [raw, x] of [
      ["9.90", 9.9],
      ["-1", -1],
      ["+2.5e3", 2500],
      [".5", 0.5],
      ["7.", 7],
      [" 3 ", 3],
      ["1E-2", 0.01],
    ] as const) {
      expect(parseNumber(raw, missing)).toBe(x);
    }
  });
  it("refuses what Number() would misread", () => {
    for (const raw of [
      "0x1A",
      "0X1a",
      "0b1",
      "0o7",
      "Infinity",
      "-Infinity",
      "1,5",
      "1_000",
      "abc",
      "1e",
      "--1",
    ]) {
      expect(parseNumber(raw, missing), raw).toBe("invalid");
    }
  });
  it("knows missing values", () => {
    for (const raw of ["", "NA", " NA ", "null", "?"])
      expect(parseNumber(raw, missing)).toBe("missing");
  });
});

describe("parseBinary", () => {
  it("accepts the documented vocabulary in any case", () => {
    for (const raw of ["1", "1.0", "true", "TRUE", "yes", "Yes", "y", "T"])
      expect(parseBinary(raw, missing, undefined)).toBe(1);
    for (const raw of ["0", "0.0", "false", "No", "n", "f"])
      expect(parseBinary(raw, missing, undefined)).toBe(0);
    expect(parseBinary("2", missing, undefined)).toBe("invalid");
    expect(parseBinary("", missing, undefined)).toBe("missing");
  });
  it("with a named positive value, everything else present is negative", () => {
    expect(parseBinary(">50K", missing, ">50K")).toBe(1);
    expect(parseBinary("<=50K", missing, ">50K")).toBe(0);
    expect(parseBinary("NA", missing, ">50K")).toBe("missing");
  });
});

describe("parseNumber with a numeric missing-value token", () => {
  it("honours the token even on the fast path", () => {
    const withCode = new Set([...DEFAULT_MISSING_VALUES, "999"]);
    expect(parseNumber("999", withCode)).toBe("missing");
    expect(parseNumber("998", withCode)).toBe(998);
    expect(parseNumber("999", missing)).toBe(999);
  });
  it("still refuses a trailing junk after digits", () => {
    expect(parseNumber("12abc", missing)).toBe("invalid");
    expect(parseNumber("1 2", missing)).toBe("invalid");
  });
});
