/**
 * Shared result shapes for the statistics library.
 *
 * Functions whose data can make an estimate undefined (a group with fewer than
 * two observations, a singular design, a zero variance) return an `Outcome`:
 * either the value, or `value: null` with a human-readable reason that the
 * report can show verbatim. Invalid *arguments* (negative counts, x > n,
 * confidence outside (0, 1)) are programming errors and throw a RangeError.
 */

/** A closed interval [low, high]. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** A point estimate with a confidence interval around it. */
export interface IntervalEstimate extends Interval {
  readonly estimate: number;
}

/** The estimate could not be computed from these data; `reason` says why. */
export interface Unavailable {
  readonly value: null;
  readonly reason: string;
}

export interface Available<T> {
  readonly value: T;
}

export type Outcome<T> = Available<T> | Unavailable;

export function available<T>(value: T): Available<T> {
  return { value };
}

export function unavailable(reason: string): Unavailable {
  return { value: null, reason };
}
