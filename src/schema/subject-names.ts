/** The names each subject kind offers to message templates, beside {subject} and the rule's facts. */
import type { SubjectKind } from './rule.js';

export const SUBJECT_NAMES: Record<SubjectKind, readonly string[]> = {
  dataset: [],
  source: ['source'],
  release: ['release', 'authority'],
  releaseResult: ['candidate', 'release', 'authority'],
  estimateShare: ['candidate', 'estimate', 'authority'],
  candidateEstimates: ['candidate', 'authority'],
  mission: ['mission'],
  leaderClaim: ['candidate'],
  shareFigure: ['figure', 'printed'],
  countFigure: ['figure', 'printed'],
};
