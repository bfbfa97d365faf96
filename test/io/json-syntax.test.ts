import { describe, expect, it } from "vitest";
import { jsonSyntaxError } from "../../src/io/json-syntax.js";

describe("jsonSyntaxError", () => {
  // Line and column as Python's json module reports them (JSONDecodeError.lineno, .colno):
  //   python3 -c 'import json
  //   for c in [...]: try: json.loads(c)
  //   except json.JSONDecodeError as e: print(e.lineno, e.colno)'
  it.each([
    ['{"a": 1,\n "b": SECRET}', 2, 7],
    ["[1, 2,\n\n  ]", 3, 3],
    ['{"a": "x\ny"}', 1, 9],
    ['{"a": 1} x', 1, 10],
    ['{"a": [1, 2', 1, 12],
    ["", 1, 1],
    ['{"a" 1}', 1, 6],
    ["[01]", 1, 3],
  ])("locates the first error of %j at line %i, column %i", (text, line, column) => {
    expect(JSON.parse.bind(null, text)).toThrow();
    expect(jsonSyntaxError(text)).toMatchObject({ line, column });
  });

  it("tells an unexpected end from an unexpected character", () => {
    expect(jsonSyntaxError('{"a": [1')?.problem).toBe("unexpected end");
    expect(jsonSyntaxError('{"a": x}')?.problem).toBe("unexpected character");
  });

  it("finds nothing wrong in valid JSON", () => {
    for (const text of ['{"a": [1, {"b": null}], "c": -1.5e+3}', '"\\u00e9"', " [true, false] "]) {
      expect(JSON.parse(text)).toBeDefined();
      expect(jsonSyntaxError(text)).toBeNull();
    }
  });
});
