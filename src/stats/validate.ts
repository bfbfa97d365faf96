/**
 * Argument checks shared by the statistics functions. Bad arguments are
 * caller bugs, so they throw instead of returning a null result.
 */

export function assertCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

export function assertSuccesses(x: number, n: number, xName: string, nName: string): void {
  assertCount(x, xName);
  assertCount(n, nName);
  if (x > n) {
    throw new RangeError(`${xName} (${x}) must not exceed ${nName} (${n})`);
  }
}

export function assertConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must lie strictly between 0 and 1, got ${confidence}`);
  }
}

export function assertProbability(p: number, name: string): void {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`${name} must lie in [0, 1], got ${p}`);
  }
}
