/** The marker the engine sees in place of a value that could not be measured; it never equals anything. */

const MISSING = Symbol('tallycheck.missing');

/** A value that could not be measured, with the reason. */
export interface MissingValue {
  readonly [MISSING]: string;
}

/** Makes a marker carrying why the value is missing. */
export function missingValue(reason: string): MissingValue {
  return Object.freeze({ [MISSING]: reason });
}

/** Why a value is missing, or null for a real value. */
export function missingReason(x: unknown): string | null {
  return x !== null && typeof x === 'object' && MISSING in x ? (x as MissingValue)[MISSING] : null;
}
