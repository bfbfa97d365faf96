import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { RENDERERS } from "../../src/report/registry.js";
import { buildFixture, HOSTILE_NAMES } from "./fixtures/audit-result.js";

const context = { color: new Chalk({ level: 0 }), quiet: false };
const fixture = buildFixture();
const render = (format: keyof typeof RENDERERS, result = fixture) =>
  RENDERERS[format](result, context);

// The fixture's age_group gaps at equal channel and region (inputs of the fixture, not computed):
// 18–29 0.52 [-0.09, 1.13], 60+ 2.91 [1.71, 4.11], unknown 1.04 [-1.18, 3.26], over 3122 rows;
// shown to cents with their sign.
const GAP =
  "Mean-price gap to 30–59 at equal channel, region (least squares, 3122 rows): 18–29 +0.52 [-0.09, +1.13]; 60+ +2.91 [+1.71, +4.11]; unknown +1.04 [-1.18, +3.26]";

describe("the adjusted price gap in every format", () => {
  it("is the terminal's sentence in HTML and Markdown", () => {
    const sentence = GAP;
    expect(render("terminal").replace(/\n {4}/g, " ")).toContain(sentence);
    expect(render("html")).toContain(`<p class="adjusted">${sentence}.</p>`);
    expect(render("markdown")).toContain(
      `${sentence.replaceAll("[", "\\[").replaceAll("]", "\\]")}.`,
    );
  });

  it("has its own CSV columns on the price_mean rows", () => {
    const [header, ...lines] = render("csv").trimEnd().split("\r\n");
    const columns = (header ?? "").split(",");
    const at = (name: string) => columns.indexOf(name);
    const row = lines
      .map((l) => l.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/))
      .find((cells) => cells[1] === "60+" && cells[2] === "price_mean");
    expect(row?.[at("adjusted_difference")]).toBe("2.91");
    expect(row?.[at("adjusted_ci_low")]).toBe("1.71");
    expect(row?.[at("adjusted_ci_high")]).toBe("4.11");
    expect(row?.[at("adjusted_rows")]).toBe("3122");
    expect(row?.[at("adjusted_factors")]).toBe("channel; region");
    // the reference has no gap to itself: empty cells
    const reference = lines.find((l) => l.startsWith("age_group,30–59,price_mean,"));
    expect(reference?.endsWith(",,,,,")).toBe(true);
  });

  it("escapes group names in it", () => {
    const html = render("html", buildFixture(HOSTILE_NAMES));
    expect(html).not.toContain("<script>alert(1)</script> +");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; +0.52");
  });
});

describe("the run in HTML and Markdown", () => {
  const hash = "5f1d0c8e9a7b6c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d";
  it("states run time, configuration hash and seed", () => {
    for (const format of ["html", "markdown"] as const) {
      const text = render(format);
      expect(text).toContain(
        `generated 2026-03-01T12:00:00.000Z · configuration hash ${hash} · seed 20260301`,
      );
    }
  });
  it("says when the run time was left out, and when nothing was recorded", () => {
    const { run, ...rest } = fixture;
    const untimed = { ...rest, run: { configHash: hash, seed: 7 } };
    expect(render("markdown", untimed)).toContain(
      "run time not recorded (--no-timestamp) · configuration hash",
    );
    expect(render("html", rest)).toContain("run not recorded");
    expect(run).toBeDefined();
  });
});
