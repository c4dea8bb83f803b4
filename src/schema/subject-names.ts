/** The names each subject kind offers to message templates, beside {subject} and the rule's facts. */
import type { SubjectKind } from './rule.js';

export const SUBJECT_NAMES: Record<SubjectKind, readonly string[]> = {
  dataset: [],
  source: ['source'],
  release: ['release', 'authority'],
  releaseResult: ['candidate', 'release', 'authority'],
  estimateShare: ['candidate', 'estimate', 'authority', 'release'],
  candidateEstimates: ['candidate', 'authority', 'release'],
  mission: ['mission'],
  leaderClaim: ['candidate', 'release', 'source'],
  shareFigure: ['figure', 'printed'],
  countFigure: ['figure', 'printed'],
  releasePair: ['earlier', 'later', 'authority'],
  releasePairResult: ['candidate', 'earlier', 'later', 'authority'],
  partialBound: ['candidate', 'earlier', 'later', 'authority'],
  estimatePair: ['first', 'second'],
  table: ['table'],
  unit: ['table', 'unit', 'levels'],
  unitLevel: ['table', 'level'],
  unitScreen: ['table', 'group'],
};

/**
 * A subject kind with its article, for text: "an estimateShare", "a release", "a unit" (a kind spelt with a
 * vowel but said with one, as unit, takes "a").
 */
export function aScope(kind: string): string {
  return `${/^[aeio]|^u(?!ni)/i.test(kind) ? 'an' : 'a'} ${kind}`;
}
