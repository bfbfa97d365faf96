/**
 * The audit both benchmarks run on the generated campaign (`npm run bench`, `npm run bench:rows`):
 * four protected attributes (age binned) and one intersection, the label, a score threshold and
 * the offer price.
 */
export const BENCH_AUDIT = {
  protected: ["gender", { column: "age", name: "age_band", bins: [30, 60] }, "region", "ethnicity"],
  intersections: [["gender", "age_band"]],
  label: "converted",
  score: "score",
  threshold: 0.5,
  price: "offer_price",
};
