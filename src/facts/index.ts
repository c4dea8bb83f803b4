/** The fact registry: every fact a rule may name, by id. */
import { compareText } from '../order.js';
import { candidateNameClashes, candidateNameClashList } from './candidate-names.js';
import { claimedOutcome, claimedOutcomeWords } from './claim-outcome.js';
import type { FactDefinition } from './define.js';
import {
  samePollsters,
  sampleMetadataDiffers,
  sampleMetadataMatches,
  sharedSampleWords,
} from './estimate-pair.js';
import { figureValue, fractionalPart } from './figure-value.js';
import { bestRival, bestRivalLead, claimRelease } from './leader.js';
import { electionToMissionEndDays, missionStartToElectionDays } from './mission-days.js';
import {
  processedShare,
  processedUnit,
  processedWords,
  provisionalWords,
  releaseStatus,
  uncountedShare,
} from './partial-count.js';
import {
  finalShareInterval,
  leaderCandidate,
  leaderReachableShare,
  runnerUpCandidate,
  runnerUpReachableShare,
} from './partial-interval.js';
import { winThreshold, winThresholdStrict } from './partial-threshold.js';
import { authorityShare, pollGap, pollGapDirection, pollGapSize, pollShare } from './poll-gap.js';
import { pollMarginOfError, pollSampleSize, pollSampleSizeBasis } from './poll-margin.js';
import { pollDistanceFromReachable } from './poll-reachable.js';
import { pollsAboveAuthority, pollsBelowAuthority, pollsSignTestP } from './poll-sign.js';
import { pollCount, pollsSpread, pollsSpreadMargin } from './poll-spread.js';
import { hoursFromPollsClose } from './polls-close.js';
import { protocolCast, protocolInvalid, protocolRegistered, protocolVoteSum } from './precinct-counts.js';
import {
  rollUpCountGaps,
  rollUpCountMismatches,
  rollUpShareExcess,
  rollUpShareGaps,
} from './precinct-rollup.js';
import {
  rowsRead,
  rowsRejected,
  unitsThatSumTheOthers,
  unitsThatSumTheOthersList,
} from './precinct-table.js';
import { ballotExcess, turnoutRatio } from './precinct-turnout.js';
import {
  duplicateOfLine,
  independentExcess,
  independentExcessCandidate,
  negativeOrFractionalCells,
  negativeOrFractionalCounts,
} from './precinct-unit.js';
import {
  maxCandidateExcess,
  maxCandidateExcessCandidate,
  voteSumExcess,
  voteSumGap,
} from './precinct-votes.js';
import { printedPrecisionCount, printedPrecisions } from './printed-precision.js';
// Results over time: successive releases, recorded causes, turnout, progress units, estimate pairs.
import {
  otherProgressUnit,
  otherUnitProcessedRatio,
  processedShareFigure,
  statedProgressUnit,
  statedUnitProcessedRatio,
} from './progress-unit.js';
import {
  candidateCount,
  claimedCandidateCount,
  duplicatedCandidates,
  duplicateResults,
} from './release-candidates.js';
import {
  lastDigitFacts,
  leaderIntegerPercentFacts,
  leaderShareMomentsFacts,
  secondDigitFacts,
  turnoutIntegerPercentFacts,
  turnoutMomentsFacts,
  turnoutShareFacts,
} from './screen-facts.js';
import { screenLeader, screenPValueKind } from './screen-family.js';
import {
  earlierReachableShare,
  laterReachableShare,
  partialBoundGap,
  partialBoundSide,
} from './sequence-bound.js';
import { recordedCauseCount, recordedCauses } from './sequence-causes.js';
import {
  earlierProcessedShare,
  earlierStatus,
  laterProcessedShare,
  laterStatus,
  releaseOrderBasis,
  releaseOrderEstablished,
} from './sequence-order.js';
import { earlierVotes, laterVotes, votesChange } from './sequence-votes.js';
import { shareSum } from './share-sum.js';
import { impliedShares, resultShare, shareDenominator, shareVotesExcess } from './share-votes.js';
import {
  impliedRegisteredVoters,
  impliedTurnout,
  printedTurnout,
  publishedRegisteredVoters,
} from './turnout.js';

export type { FactDefinition } from './define.js';

// biome-ignore lint/suspicious/noExplicitAny: the registry holds facts of every scope and parameter type.
type AnyFact = FactDefinition<any, any>;

/** All facts, sorted by id. */
export const facts: readonly AnyFact[] = [
  shareSum,
  // Figures, results, candidates, claims, missions and dates (core checks).
  bestRival,
  bestRivalLead,
  candidateCount,
  candidateNameClashes,
  candidateNameClashList,
  claimedCandidateCount,
  claimedOutcome,
  claimedOutcomeWords,
  claimRelease,
  duplicatedCandidates,
  duplicateResults,
  electionToMissionEndDays,
  figureValue,
  fractionalPart,
  hoursFromPollsClose,
  impliedShares,
  missionStartToElectionDays,
  printedPrecisionCount,
  printedPrecisions,
  resultShare,
  shareDenominator,
  shareVotesExcess,
  // Partial counts and estimates against the authority.
  authorityShare,
  finalShareInterval,
  leaderCandidate,
  leaderReachableShare,
  pollCount,
  pollDistanceFromReachable,
  pollGap,
  pollGapDirection,
  pollGapSize,
  pollMarginOfError,
  pollSampleSize,
  pollSampleSizeBasis,
  pollShare,
  pollsAboveAuthority,
  pollsBelowAuthority,
  pollsSignTestP,
  pollsSpread,
  pollsSpreadMargin,
  processedShare,
  processedUnit,
  processedWords,
  provisionalWords,
  releaseStatus,
  runnerUpCandidate,
  runnerUpReachableShare,
  uncountedShare,
  winThreshold,
  winThresholdStrict,
  // Results over time (rules/time).
  earlierProcessedShare,
  earlierReachableShare,
  earlierStatus,
  earlierVotes,
  impliedRegisteredVoters,
  impliedTurnout,
  laterProcessedShare,
  laterReachableShare,
  laterStatus,
  laterVotes,
  otherProgressUnit,
  otherUnitProcessedRatio,
  partialBoundGap,
  partialBoundSide,
  printedTurnout,
  processedShareFigure,
  publishedRegisteredVoters,
  recordedCauseCount,
  recordedCauses,
  releaseOrderBasis,
  releaseOrderEstablished,
  sampleMetadataDiffers,
  sampleMetadataMatches,
  samePollsters,
  sharedSampleWords,
  statedProgressUnit,
  statedUnitProcessedRatio,
  votesChange,
  // Precinct tables: the rows read, protocol arithmetic per unit and per level, and the roll-up (rules/precinct).
  rowsRead,
  rowsRejected,
  unitsThatSumTheOthers,
  unitsThatSumTheOthersList,
  ballotExcess,
  duplicateOfLine,
  independentExcess,
  independentExcessCandidate,
  maxCandidateExcess,
  maxCandidateExcessCandidate,
  negativeOrFractionalCells,
  negativeOrFractionalCounts,
  protocolCast,
  protocolInvalid,
  protocolRegistered,
  protocolVoteSum,
  rollUpCountGaps,
  rollUpCountMismatches,
  rollUpShareExcess,
  rollUpShareGaps,
  turnoutRatio,
  voteSumExcess,
  voteSumGap,
  // Statistical screens of precinct tables, whole table and per region (rules/screen).
  screenLeader,
  screenPValueKind,
  ...secondDigitFacts,
  ...lastDigitFacts,
  ...turnoutIntegerPercentFacts,
  ...leaderIntegerPercentFacts,
  ...turnoutShareFacts,
  ...turnoutMomentsFacts,
  ...leaderShareMomentsFacts,
].sort((a, b) => compareText(a.id, b.id));

/** Facts by id. */
export const factsById: ReadonlyMap<string, AnyFact> = new Map(facts.map((f) => [f.id, f]));
