import { describe, expect, it } from "vitest";
import { priceBudgetOf } from "../../src/io/row-layout.js";
import { runCli } from "../helpers/run-cli.js";
import { tempFiles } from "../helpers/temp-files.js";

const rows = (n: number) =>
  `gender,decision,price\n${Array.from({ length: n }, (_, i) => `${i % 2 ? "f" : "m"},${i % 3 ? 1 : 0},${(10 + i / 100).toFixed(2)}`).join("\n")}\n`;

describe("priceMemory: the budget of exact medians", () => {
  it("holds 8 bytes per priced row: 1 MiB is 131,072 rows", () => {
    expect(priceBudgetOf(1)).toBe(131_072);
    expect(priceBudgetOf(1024)).toBe(134_217_728);
  });

  it("stops with exit 2 and names the setting and the flag when the prices exceed it", async () => {
    // 0.0001 MiB = 104.8576 bytes: 13 priced rows at 8 bytes each.
    const t = tempFiles({
      "data.csv": rows(40),
      "audit.json": JSON.stringify({
        data: "data.csv",
        protected: ["gender"],
        decision: "decision",
        price: "price",
        priceMemory: 0.0001,
      }),
    });
    const over = await runCli(["audit", "--config", t.path("audit.json")]);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/more than 13 priced rows exceed priceMemory 0\.0001 MiB/);
    expect(over.stderr).toMatch(/--price-memory/);
    expect(over.stdout).toBe("");

    const within = await runCli([
      "audit",
      "--config",
      t.path("audit.json"),
      "--price-memory",
      "1",
      "--format",
      "json",
    ]);
    expect(within.stderr).toBe("");
    expect(within.code).not.toBe(2);
  });
});
