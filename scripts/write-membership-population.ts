/**
 * Writes fixtures/membership/population.csv: a synthetic population whose true groups are known,
 * with membership probabilities as a geography-only proxy gives them (each row carries its
 * tract's composition). Deterministic (seeded), so the committed file can be regenerated:
 *   npx tsx scripts/write-membership-population.ts
 */
import { writeFileSync } from "node:fs";
import { createRng } from "../src/stats/random.js";

const TRACTS = [
  [0.8, 0.15, 0.05],
  [0.6, 0.3, 0.1],
  [0.3, 0.6, 0.1],
  [0.2, 0.3, 0.5],
  [0.1, 0.7, 0.2],
];
/** true selection rate per group, and a small tract effect (neighbourhood, not group) */
const RATE = [0.5, 0.3, 0.4];
const TRACT_EFFECT = [0.05, 0.02, -0.02, 0.0, -0.05];
const ROWS = 3000;

const rng = createRng(17);
const lines = ["tract,true_group,p_a,p_b,p_c,selected"];
for (let i = 0; i < ROWS; i++) {
  const t = Math.floor(rng.nextFloat() * TRACTS.length);
  const c = TRACTS[t] as number[];
  const u = rng.nextFloat();
  const g = u < (c[0] as number) ? 0 : u < (c[0] as number) + (c[1] as number) ? 1 : 2;
  const y = rng.nextFloat() < (RATE[g] as number) + (TRACT_EFFECT[t] as number) ? 1 : 0;
  lines.push([t, "abc"[g], ...c, y].join(","));
}
writeFileSync(
  new URL("../fixtures/membership/population.csv", import.meta.url),
  `${lines.join("\n")}\n`,
);
