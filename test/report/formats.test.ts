import { Chalk } from "chalk";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";
import { renderAnnotations } from "../../src/cli/annotations.js";
import { explainFinding, findingHeadline } from "../../src/report/explain.js";
import { FORMAT_EXTENSIONS, FORMAT_IDS } from "../../src/report/format-ids.js";
import { RENDERERS as REGISTRY, type Renderer } from "../../src/report/registry.js";
import { MARKDOWN_LIMIT, renderMarkdown } from "../../src/report/render-markdown.js";
import {
  buildFixture,
  HOSTILE_NAMES,
  manyGroupsFixture,
  withoutIntervals,
} from "./fixtures/audit-result.js";
import { validateJunit } from "./validate-junit.js";

const RENDERERS: Record<(typeof FORMAT_IDS)[number], Renderer> = REGISTRY;
const plainContext = { color: new Chalk({ level: 0 }), quiet: false };
const fixture = buildFixture();
const hostile = buildFixture(HOSTILE_NAMES);

function markdownToHtml(text: string): string {
  // GitHub allows some raw HTML in comments: render with it allowed, the harsher test.
  return micromark(text, {
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
    allowDangerousHtml: true,
  });
}

describe("golden files on a fixed audit result", () => {
  for (const format of FORMAT_IDS) {
    it(`${format} with intervals`, async () => {
      await expect(RENDERERS[format](fixture, plainContext)).toMatchFileSnapshot(
        `golden/fixture.${FORMAT_EXTENSIONS[format]}`,
      );
    });
  }
  for (const format of ["markdown", "html", "junit"] as const) {
    it(`${format} without intervals degrades to plain values`, async () => {
      const text = RENDERERS[format](withoutIntervals(fixture), plainContext);
      expect(text).not.toMatch(/\[0\.14, 0\.29\]/);
      await expect(text).toMatchFileSnapshot(`golden/no-intervals.${FORMAT_EXTENSIONS[format]}`);
    });
  }
});

describe("explanations", () => {
  it("say what a failing finding means in one sentence, interval included", () => {
    const fail = fixture.findings.find((f) => f.verdict === "fail");
    expect(fail && explainFinding(fail, fixture)).toBe(
      "Group “60+” of age_group was selected at 0.20× (interval 0.14–0.29) the rate of group “30–59” (four-fifths: at least 0.8×).",
    );
  });
  it("give the expected-found headline CI systems show", () => {
    const fail = fixture.findings.find((f) => f.verdict === "fail");
    expect(fail && findingHeadline(fail)).toBe(
      "expected ratio ≥ 0.80, found 0.20 [0.14, 0.29] (group 60+ vs 30–59)",
    );
  });
  it("explain every finding, in every human-facing format", () => {
    const html = RENDERERS.html(fixture, plainContext);
    const junit = RENDERERS.junit(fixture, plainContext);
    for (const f of fixture.findings) {
      const sentence = explainFinding(f, fixture);
      expect(sentence).toMatch(/^[A-Z].*\.$/);
      expect(html).toContain(sentence);
      if (f.verdict !== "pass") expect(junit).toContain(sentence);
    }
  });
});

describe("markdown", () => {
  it("renders the flagged findings as a table, the rest collapsed", () => {
    const text = renderMarkdown(fixture);
    expect(text.split("\n")[0]).toMatch(/^\*\*❌ fairaudit: FAIL\*\*/);
    const html = markdownToHtml(text);
    expect(html).toContain("<table>");
    const firstTable = html.slice(html.indexOf("<table>"), html.indexOf("</table>"));
    expect(firstTable.match(/<tr>/g)).toHaveLength(1 + fixture.counts.fail + fixture.counts.warn);
    expect(html).toContain("<details>");
  });
  it.each([10, 200, 2000])("stays under GitHub's comment limit with %i groups", (n) => {
    const text = renderMarkdown(manyGroupsFixture(n));
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(text.length).toBeLessThan(65_536);
    expect(markdownToHtml(text)).toContain("<table>");
  });
});

describe("junit", () => {
  it("validates against the committed JUnit schema and parses", async () => {
    const xml = RENDERERS.junit(fixture, plainContext);
    expect(await validateJunit(xml)).toEqual([]);
    const doc = new XMLParser({
      ignoreAttributes: false,
      isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) =>
        !isAttribute,
    }).parse(xml);
    const cases = doc.testsuites[0].testsuite.flatMap(
      (s: { testcase: unknown[] }) => s.testcase,
    ) as Record<string, unknown>[];
    expect(cases).toHaveLength(fixture.findings.length);
    expect(cases.filter((c) => c.failure)).toHaveLength(fixture.counts.fail);
    expect(cases.filter((c) => c.skipped)).toHaveLength(fixture.counts.inconclusive);
    const failure = cases.find((c) => c.failure)?.failure as Record<string, string>[];
    expect(failure[0]?.["@_message"]).toBe(
      "expected ratio ≥ 0.80, found 0.20 [0.14, 0.29] (group 60+ vs 30–59)",
    );
  });
  it("rejects what the schema forbids (the validator is really checking)", async () => {
    expect(await validateJunit("<testsuites><testsuite/></testsuites>")).not.toEqual([]);
  });
});

describe("annotations", () => {
  it("print one workflow command per failing or warning finding", () => {
    const lines = renderAnnotations(fixture).trimEnd().split("\n");
    expect(lines).toHaveLength(fixture.counts.fail + fixture.counts.warn);
    expect(lines[0]).toBe(
      "::error title=fairaudit four-fifths%3A age_group / 60+::expected ratio ≥ 0.80, found 0.20 [0.14, 0.29] (group 60+ vs 30–59) — Group “60+” of age_group was selected at 0.20× (interval 0.14–0.29) the rate of group “30–59” (four-fifths: at least 0.8×).",
    );
  });
});

describe("hostile group names render inert in every format", () => {
  const rendered = Object.fromEntries(
    FORMAT_IDS.map((f) => [f, RENDERERS[f](hostile, plainContext)]),
  ) as Record<(typeof FORMAT_IDS)[number], string>;

  it("no format carries a control character (ANSI escapes, bell)", () => {
    for (const format of FORMAT_IDS) {
      const controls = [...rendered[format]].filter((ch) => {
        const code = ch.charCodeAt(0);
        return (code < 32 && ch !== "\n" && ch !== "\r" && ch !== "\t") || code === 127;
      });
      expect(controls, format).toEqual([]);
    }
  });
  it("html has no element from the data", () => {
    const html = rendered.html;
    expect(html).not.toMatch(/<script|<img|<svg onload|<b>|<details>|<!-- -->/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)");
  });
  it("markdown renders no element, link or mention from the data", () => {
    const html = markdownToHtml(rendered.markdown);
    expect(html).not.toMatch(/<script|<img|<a |<b>|<code>|<em>|<strong>alert/i);
    expect(html).not.toMatch(/@SUM/);
    // no data-derived pipe adds a cell: every row of the findings table has exactly 7
    const table = html.slice(html.indexOf("<table>"), html.indexOf("</table>"));
    for (const row of table.split("<tr>").slice(1)) {
      expect(row.match(/<t[dh][ >]/g)).toHaveLength(7);
    }
  });
  it("junit stays valid and keeps the names as text", async () => {
    expect(await validateJunit(rendered.junit)).toEqual([]);
    expect(XMLValidator.validate(rendered.junit)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) =>
        !isAttribute,
    }).parse(rendered.junit);
    const names = doc.testsuites[0].testsuite.flatMap((s: { testcase: Record<string, string>[] }) =>
      s.testcase.map((c) => c["@_name"]),
    );
    expect(names).toContain("four-fifths [<script>alert(1)</script>]");
  });
  it("csv guards formulas", () => {
    expect(rendered.csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(rendered.csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });
  it("annotations cannot forge a command or break a line", () => {
    const lines = renderAnnotations(hostile).trimEnd().split("\n");
    expect(lines).toHaveLength(hostile.counts.fail + hostile.counts.warn);
    for (const line of lines) {
      expect(line).toMatch(/^::(error|warning) title=[^:]*::/);
      expect(line).not.toContain("\r");
    }
    const all = lines.join("\n");
    expect(all).not.toContain("%0A line");
    expect(all).toContain("%250A line");
  });
  it("terminal strips escapes", () => {
    expect(rendered.terminal).toContain("[31mred[0m bell");
  });
});
