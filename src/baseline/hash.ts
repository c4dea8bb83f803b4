/** Evidence hashes: what ties a baseline entry to a finding with the very same values. */
import { createHash } from 'node:crypto';
import type { Finding } from '../schema/report.js';

/** Significant digits kept of each number: far more than any printed figure has, fewer than float noise. */
const DIGITS = 12;

/**
 * JSON with object keys sorted, undefined members dropped and numbers cut to 12 significant digits, so
 * equal values give equal text even when arithmetic differs in the last bits between machines. Baselines
 * are committed and compared across versions, so this canonical form is kept here, apart from the engine's
 * own cache keys, and must not change without a new baselineVersion.
 */
export function canonicalJson(x: unknown): string {
  if (typeof x === 'number') return JSON.stringify(Number(x.toPrecision(DIGITS)));
  if (x === null || typeof x !== 'object') return JSON.stringify(x) ?? 'null';
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  const o = x as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/** sha256 (hex) of the canonical JSON of a finding's evidence values: changes whenever a value does. */
export function evidenceHash(finding: Pick<Finding, 'evidence'>): string {
  return createHash('sha256').update(canonicalJson(finding.evidence.values)).digest('hex');
}

/** The key a finding and the baseline entry that accepts it share: rule, subject and evidence hash. */
export function matchKey(ruleId: string, subject: string, hash: string): string {
  return `${ruleId}\u0000${subject}\u0000${hash}`;
}

/** The match key of a finding. */
export function findingKey(finding: Finding): string {
  return matchKey(finding.ruleId, finding.subject.id, evidenceHash(finding));
}
