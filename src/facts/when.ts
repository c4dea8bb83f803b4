/** Helpers for facts on dates: a dataset date or date-time read as the span of instants it may mean. */

/** Milliseconds in an hour and in a day. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * The instants a written date or date-time may stand for, in milliseconds since 1970 (UTC): a date covers its
 * whole day, from its midnight (start) to the next midnight (end, excluded); a date-time is one instant
 * (start = end). A time written without an offset is read as UTC, and so is a date: a simplification, as the
 * local day of the election may start up to 14 hours earlier or 12 hours later.
 */
export interface TimeSpan {
  start: number;
  end: number;
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Midnight UTC of a calendar date, or null when the date does not exist (2024-02-30). */
function midnight(year: number, month: number, day: number): number | null {
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return ms;
}

/** Reads a date ("2024-02-07") or date-time ("2024-02-07T19:00+04:00"); null when it names no real time. */
export function timeSpan(text: string): TimeSpan | null {
  const m = PATTERN.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, offset] = m;
  const day = midnight(Number(y), Number(mo), Number(d));
  if (day === null) return null;
  if (h === undefined || mi === undefined) return { start: day, end: day + DAY_MS };
  const hours = Number(h);
  const minutes = Number(mi);
  const seconds = Number(s ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  let shift = 0;
  if (offset && offset !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    shift = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  }
  const instant = day + ((hours * 60 + minutes) * 60 + seconds) * 1000 - shift;
  return { start: instant, end: instant };
}

/**
 * The calendar date as written (its first ten characters) as a day number since 1970-01-01, or null when it
 * is no real date. The time and offset of a date-time are ignored: the date printed is the date meant.
 */
export function dayNumber(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return null;
  const ms = midnight(Number(m[1]), Number(m[2]), Number(m[3]));
  return ms === null ? null : ms / DAY_MS;
}

/** An instant as ISO 8601 UTC without milliseconds ("2024-02-07T15:00:00Z"), for evidence. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
