import { describe, expect, it } from "vitest";
import { fitLabels, labelWidth, tickLabels, ticks } from "../../src/report/svg/markup.js";

describe("chart axes cover what they show", () => {
  // Hand calculations: span 0.3465 / 5 = 0.0693 → step 0.1 (the first of 1, 2, 2.5, 5, 10 × 0.01…
  // at or above it is 0.1); the last tick is the first multiple of 0.1 at or above 0.3465.
  it("ends at the first round value at or above the largest value", () => {
    expect(ticks(0.3465)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(ticks(19.1 * 1.0)).toEqual([0, 5, 10, 15, 20]);
    expect(ticks(0.677)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });
  it("starts at the last round value at or below the smallest", () => {
    // span 3.6 / 5 = 0.72 → step 1
    expect(ticks(11.2, 5, 7.6)).toEqual([7, 8, 9, 10, 11, 12]);
  });
  it("never ends below the largest value, across magnitudes", () => {
    for (const max of [1e-6, 0.0123, 0.42, 0.999, 1, 7.3, 18.4, 1234.5, 9.9e11]) {
      const t = ticks(max);
      expect(t[t.length - 1]).toBeGreaterThanOrEqual(max);
      expect(t[0]).toBeLessThanOrEqual(0);
    }
  });
  it("labels ticks with the decimals they need", () => {
    expect(tickLabels([0, 0.025, 0.05])).toEqual(["0.000", "0.025", "0.050"]);
    expect(tickLabels([0, 5000, 10000])).toEqual(["0", "5,000", "10,000"]);
  });
});

describe("group labels fit the chart's margin", () => {
  it("sizes the margin to the widest label, between 120 and 260 px", () => {
    expect(fitLabels(["a"]).margin).toBe(120);
    // "Female (reference)": 13 narrow lower-case letters × 6.5 = 84.5; F, m and the two brackets
    // 4 × 8.5 = 34; one space 3.5: 122, plus 20 of padding → 142
    expect(labelWidth("Female (reference)")).toBe(122);
    expect(fitLabels(["Female (reference)"]).margin).toBe(142);
  });
  it("cuts a label that does not fit, with an ellipsis, and keeps the others whole", () => {
    const long = '=HYPERLINK("http://evil.example/x", "click me please")';
    const { margin, fitted } = fitLabels([long, "Male"]);
    expect(margin).toBe(260);
    expect(fitted[1]).toBe("Male");
    expect(fitted[0]?.endsWith("…")).toBe(true);
    expect(labelWidth(fitted[0] ?? "")).toBeLessThanOrEqual(margin - 16);
  });
});
