/** The sums of a precinct table's units against the totals and shares of the release they roll up to. */
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import { compareText } from '../order.js';
import type { LevelNode } from '../precinct/aggregate.js';
import type { Figure, Release } from '../schema/dataset.js';
import { COUNT_FIELDS, type CountField } from '../schema/mapping.js';
import { type Missing, missing } from './define.js';
import { clean, uncertain } from './figures.js';
import { candidateName } from './names.js';

/** Float noise allowed on top of a printed figure's rounding. */
const EPSILON = 1e-9;

/** One published count against the units' sum. */
export interface CountComparison {
  /** What the figure counts: "ballots cast", "votes of Candidate A". */
  figure: string;
  published: number;
  printed: string;
  /** The units' sum; null when some unit lacks the count. */
  summed: number | null;
  /** Units that lack the count (the sum is then unknown). */
  unitsLacking: number;
  /** summed - published, or null. */
  difference: number | null;
  /** Half a unit of the published figure's printed precision. */
  tolerance: number;
  differs: boolean | null;
  /** Valid ballots not mapped, so taken as the candidates' votes added up. */
  fromVotes?: boolean;
}

/** One published share against the share the units' sums give, on each base available. */
export interface ShareComparison {
  candidate: string;
  published: number;
  printed: string;
  tolerance: number;
  /** The units' shares on valid ballots and on ballots cast, in percent, where the base is known. */
  derived: { base: 'validBallots' | 'ballotsCast'; share: number; excess: number }[];
  /** Smallest distance beyond rounding over the bases; null when the votes or every base are unknown. */
  excess: number | null;
}

/** The table-total subject and the release its dataset entry names, or why the roll-up does not apply. */
export function rollUpTarget(
  subject: SubjectOf<'unitLevel'>,
  ctx: DatasetContext,
): { release: Release } | Missing {
  if (subject.node.depth !== 0) {
    return missing('notApplicable', 'the roll-up to the release is checked on the table total only');
  }
  const id = subject.table.entry.release;
  if (id === undefined) {
    return missing('notApplicable', `the dataset names no release for table ${subject.table.entry.id}`);
  }
  const release = ctx.releases.get(id);
  if (!release) return missing('notApplicable', `release "${id}" is not in the dataset`);
  return { release };
}

/** A summed count of a node, or null with the units lacking it. */
function summedCount(node: LevelNode, field: CountField): { summed: number | null; lacking: number } {
  const lacking = node.totals.missingCounts[field];
  return { summed: lacking > 0 ? null : node.totals.counts[field], lacking };
}

/** The sum of all candidates' votes over a node, or null when some unit lacks a candidate's votes. */
function summedVotes(node: LevelNode): { summed: number | null; lacking: number } {
  const lacking = node.totals.missingVotes.reduce((a, b) => a + b, 0);
  return { summed: lacking > 0 ? null : node.totals.votes.reduce((a, b) => a + b, 0), lacking };
}

function compareCount(
  figure: string,
  published: Figure,
  sum: { summed: number | null; lacking: number },
): CountComparison {
  const { value, plusMinus } = uncertain(published);
  const difference = sum.summed === null ? null : clean(sum.summed - value);
  return {
    figure,
    published: value,
    printed: published.printed,
    summed: sum.summed,
    unitsLacking: sum.lacking,
    difference,
    tolerance: plusMinus,
    differs: difference === null ? null : Math.abs(difference) > plusMinus + EPSILON,
  };
}

/** Every count the release publishes and the table maps (valid ballots from the votes when not mapped). */
export function compareCounts(subject: SubjectOf<'unitLevel'>, release: Release, ctx: DatasetContext) {
  const { node, table } = subject;
  const mapped = (field: CountField) => table.mapping.counts[field] !== undefined;
  const out: CountComparison[] = [];
  const fields: [CountField, Figure | undefined, string][] = [
    ['registered', release.registeredVoters, 'registered voters'],
    ['cast', release.ballotsCast, 'ballots cast'],
    ['valid', release.validBallots, 'valid ballots'],
    ['invalid', release.invalidBallots, 'invalid ballots'],
  ];
  for (const [field, figure, words] of fields) {
    if (!figure) continue;
    if (mapped(field)) out.push(compareCount(words, figure, summedCount(node, field)));
    else if (field === 'valid') {
      out.push({ ...compareCount(words, figure, summedVotes(node)), fromVotes: true });
    }
  }
  for (const result of release.results) {
    const index = table.candidates.indexOf(result.candidate);
    if (!result.votes || index < 0) continue;
    const lacking = node.totals.missingVotes[index] ?? 0;
    const summed = lacking > 0 ? null : (node.totals.votes[index] ?? 0);
    out.push(
      compareCount(`votes of ${candidateName(ctx, result.candidate)}`, result.votes, { summed, lacking }),
    );
  }
  return out;
}

/** Every share the release publishes for a candidate of the table, against the units' shares. */
export function compareShares(subject: SubjectOf<'unitLevel'>, release: Release, ctx: DatasetContext) {
  const { node, table } = subject;
  const valid =
    table.mapping.counts.valid !== undefined ? summedCount(node, 'valid').summed : summedVotes(node).summed;
  const cast = table.mapping.counts.cast !== undefined ? summedCount(node, 'cast').summed : null;
  const bases: { base: 'validBallots' | 'ballotsCast'; total: number }[] = [];
  if (valid !== null && valid > 0) bases.push({ base: 'validBallots', total: valid });
  if (cast !== null && cast > 0) bases.push({ base: 'ballotsCast', total: cast });
  const out: ShareComparison[] = [];
  for (const result of release.results) {
    const index = table.candidates.indexOf(result.candidate);
    if (!result.share || index < 0) continue;
    const { value, plusMinus } = uncertain(result.share);
    const votes = (node.totals.missingVotes[index] ?? 0) > 0 ? null : (node.totals.votes[index] ?? 0);
    const derived =
      votes === null
        ? []
        : bases.map(({ base, total }) => {
            const share = (votes / total) * 100;
            const beyond = Math.abs(share - value) - plusMinus;
            return { base, share: clean(share), excess: beyond <= EPSILON ? 0 : clean(beyond) };
          });
    out.push({
      candidate: candidateName(ctx, result.candidate),
      published: value,
      printed: result.share.printed,
      tolerance: plusMinus,
      derived,
      excess: derived.length === 0 ? null : Math.min(...derived.map((d) => d.excess)),
    });
  }
  return out;
}

/** A region whose own sums disagree, where a roll-up gap is most likely to start. */
export interface RegionGap {
  region: string;
  units: number;
  /** Votes plus invalid ballots minus ballots cast (votes minus ballots cast when invalid is not mapped). */
  voteSumGap: number | null;
  /** Ballots cast above registered voters (0 when within). */
  ballotExcess: number | null;
  /** Cells the region's units lack among the mapped counts and votes. */
  missingCells: number;
}

/**
 * The top-level regions whose own sums disagree most (votes against ballots cast, ballots cast against
 * registered voters, missing cells): a release that gives only national totals cannot show where a roll-up
 * gap begins, so these are where a reviewer looks first.
 */
export function regionsThatDisagree(subject: SubjectOf<'unitLevel'>, top = 3): RegionGap[] {
  const { counts } = subject.table.mapping;
  const regions = subject.aggregate.nodes().filter((n) => n.depth === 1);
  const gaps = regions.map((n) => {
    const t = n.totals;
    const votes = t.votes.reduce((a, b) => a + b, 0);
    const hasCast = counts.cast !== undefined && t.missingCounts.cast === 0;
    let voteSumGap: number | null = null;
    if (hasCast && counts.invalid !== undefined && t.missingCounts.invalid === 0) {
      voteSumGap = votes + t.counts.invalid - t.counts.cast;
    } else if (hasCast && counts.invalid === undefined) voteSumGap = Math.max(0, votes - t.counts.cast);
    const ballotExcess =
      hasCast && counts.registered !== undefined && t.missingCounts.registered === 0
        ? Math.max(0, t.counts.cast - t.counts.registered)
        : null;
    // The totals count an unmapped field as missing in every unit, so only mapped fields are added.
    const missingCells =
      COUNT_FIELDS.reduce((sum, f) => sum + (counts[f] !== undefined ? t.missingCounts[f] : 0), 0) +
      t.missingVotes.reduce((a, b) => a + b, 0);
    return { region: n.path.join(' / '), units: t.units, voteSumGap, ballotExcess, missingCells };
  });
  const score = (g: RegionGap) => Math.abs(g.voteSumGap ?? 0) + (g.ballotExcess ?? 0) + g.missingCells;
  return gaps
    .filter((g) => score(g) > 0)
    .sort((a, b) => score(b) - score(a) || compareText(a.region, b.region))
    .slice(0, top);
}
