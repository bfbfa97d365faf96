import type { AuditResult, FindingResult } from "../result/audit-result.js";
import { escapeXmlAttribute, escapeXmlText } from "./escape.js";
import { explainFinding, findingHeadline } from "./explain.js";
import { CAVEAT_NOTICES, describeNotice, REASON_WORDS } from "./words.js";

/**
 * JUnit XML in the structure CI systems read (the Jenkins/Ant schema: testsuites > testsuite >
 * testcase > failure | skipped | system-out). One testsuite per attribute, one testcase per
 * rule × attribute × group. FAIL is a failure; INCONCLUSIVE is skipped with its reason; a WARN
 * passes (warnings never fail a build) and says so in system-out.
 * Times are 0: nothing was timed, and the same result must give the same bytes.
 */
export function renderJunit(result: AuditResult): string {
  const suites = result.attributes.map((a) => a.attribute);
  for (const f of result.findings) if (!suites.includes(f.attribute)) suites.push(f.attribute);
  // What qualifies the verdict (no finding at all, change rules without a baseline) would leave
  // a CI's test report green and silent: each is a skipped test case saying why.
  const caveats = result.notices.filter((n) => CAVEAT_NOTICES.includes(n.code));
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attrs({
      name: "fairaudit",
      tests: result.findings.length + caveats.length,
      failures: result.counts.fail,
      errors: 0,
      skipped: result.counts.inconclusive + caveats.length,
      time: 0,
    })}>`,
  ];
  if (caveats.length > 0) {
    out.push(
      `  <testsuite ${attrs({ name: "fairaudit", tests: caveats.length, failures: 0, errors: 0, skipped: caveats.length, time: 0 })}>`,
    );
    for (const notice of caveats) {
      out.push(
        `    <testcase ${attrs({ name: notice.code, classname: "fairaudit.run", time: 0 })}>`,
        `      <skipped ${attrs({ message: describeNotice(notice) })}/>`,
        "    </testcase>",
      );
    }
    out.push("  </testsuite>");
  }
  for (const attribute of suites) {
    const findings = result.findings.filter((f) => f.attribute === attribute);
    const count = (v: FindingResult["verdict"]) => findings.filter((f) => f.verdict === v).length;
    out.push(
      `  <testsuite ${attrs({
        name: `fairaudit.${attribute}`,
        tests: findings.length,
        failures: count("fail"),
        errors: 0,
        skipped: count("inconclusive"),
        time: 0,
      })}>`,
    );
    for (const f of findings) out.push(...testcase(f, result));
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}

function testcase(f: FindingResult, result: AuditResult): string[] {
  const head = `    <testcase ${attrs({
    name: `${f.rule} [${f.group ?? "all groups"}]`,
    classname: `fairaudit.${f.attribute}.${f.rule}`,
    time: 0,
  })}`;
  const explanation = explainFinding(f, result);
  switch (f.verdict) {
    case "pass":
      return [`${head}/>`];
    case "warn":
      return [
        `${head}>`,
        `      <system-out>${escapeXmlText(`WARNING: ${findingHeadline(f)}\n${explanation}`)}</system-out>`,
        "    </testcase>",
      ];
    case "fail":
      return [
        `${head}>`,
        `      <failure ${attrs({ message: findingHeadline(f), type: f.rule })}>${escapeXmlText(explanation)}</failure>`,
        "    </testcase>",
      ];
    case "inconclusive":
      return [
        `${head}>`,
        `      <skipped ${attrs({ message: `inconclusive: ${f.reason ? REASON_WORDS[f.reason] : "no value"}` })}/>`,
        `      <system-out>${escapeXmlText(explanation)}</system-out>`,
        "    </testcase>",
      ];
  }
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${escapeXmlAttribute(String(v))}"`)
    .join(" ");
}
