/** Subjects: what one rule evaluation is about (the dataset, a release, a candidate in a release, a poll ...). */

import { releaseLabel } from '../facts/names.js';
import { compareText } from '../order.js';
import type { LevelNode, TableAggregate, TableInfo } from '../precinct/aggregate.js';
import type { Unit } from '../precinct/read.js';
import type {
  Candidate,
  Claim,
  Dataset,
  Estimate,
  Figure,
  Mission,
  Release,
  Result,
  Source,
} from '../schema/dataset.js';
import { type SubjectKind, SubjectKindSchema } from '../schema/rule.js';
import { type EstimatePairFields, type ReleasePairFields, sequenceSubjects } from './sequence.js';

export { type SubjectKind, SubjectKindSchema };

/** Lookups shared by all facts of one dataset. */
export interface DatasetContext {
  dataset: Dataset;
  candidates: ReadonlyMap<string, Candidate>;
  releases: ReadonlyMap<string, Release>;
  sources: ReadonlyMap<string, Source>;
  /** The release estimates are compared with: the last final release, else the latest one. */
  referenceRelease: Release | undefined;
  /** Precinct tables after their streaming pass (empty until the pass has run). */
  tables: TableAggregate[];
  /**
   * Releases `tallycheck diff` keeps twice, revised between two files: the old version's id ("<id>-previous") →
   * the release's id. The old version came first by construction, whatever their as-of times say.
   */
  revisions?: ReadonlyMap<string, string>;
}

interface Base<K extends SubjectKind> {
  kind: K;
  /** Stable id, unique within a run: used in reports, fingerprints and baselines. */
  id: string;
  /** Human-readable name of the subject. */
  label: string;
  /** JSON pointer of the subject in the dataset file. */
  pointer: string;
  /** Names usable as message placeholders (candidate, release, estimate ...). */
  names: Record<string, string>;
}

/** A figure of the dataset together with its place in the file and what it is. */
export interface FigureAt {
  figure: Figure;
  pointer: string;
  role: string;
}

export type Subject =
  | Base<'dataset'>
  | (Base<'source'> & { source: Source })
  | (Base<'release'> & { release: Release; releaseIndex: number })
  | (Base<'releaseResult'> & { release: Release; releaseIndex: number; result: Result; resultIndex: number })
  | (Base<'estimateShare'> & {
      estimate: Estimate;
      estimateIndex: number;
      shareIndex: number;
      candidate: string;
      share: Figure;
      release: Release | undefined;
    })
  | (Base<'candidateEstimates'> & {
      candidate: string;
      entries: { estimate: Estimate; estimateIndex: number; shareIndex: number; share: Figure }[];
      release: Release | undefined;
    })
  | (Base<'mission'> & { mission: Mission; missionIndex: number })
  | (Base<'leaderClaim'> & {
      claim: Extract<Claim, { kind: 'leader' }>;
      claimIndex: number;
      /** The release the claim is about: the one it names, else the reference release. */
      release: Release | undefined;
    })
  | (Base<'shareFigure'> & FigureAt)
  | (Base<'countFigure'> & FigureAt)
  | (Base<'releasePair'> & ReleasePairFields)
  | (Base<'releasePairResult'> & ReleasePairFields & { candidate: string })
  | (Base<'partialBound'> & ReleasePairFields & { candidate: string })
  | (Base<'estimatePair'> & EstimatePairFields)
  | (Base<'table'> & { table: TableInfo; aggregate: TableAggregate })
  | (Base<'unit'> & { table: TableInfo; unit: Unit })
  | (Base<'unitLevel'> & { table: TableInfo; aggregate: TableAggregate; node: LevelNode })
  | (Base<'unitScreen'> & {
      table: TableInfo;
      aggregate: TableAggregate;
      /** The region code the screen covers, or null for the whole table. */
      region: number | null;
    });

/** The subject of one kind. */
export type SubjectOf<K extends SubjectKind> = Extract<Subject, { kind: K }>;

/** Builds the lookups for a validated dataset. */
export function datasetContext(dataset: Dataset, revisions?: ReadonlyMap<string, string>): DatasetContext {
  const finals = dataset.releases.filter((r) => r.status === 'final');
  const ordered = [...(finals.length > 0 ? finals : dataset.releases)];
  return {
    dataset,
    candidates: new Map(dataset.candidates.map((c) => [c.id, c])),
    releases: new Map(dataset.releases.map((r) => [r.id, r])),
    sources: new Map(dataset.sources.map((s) => [s.id, s])),
    referenceRelease: latest(ordered),
    tables: [],
    ...(revisions ? { revisions } : {}),
  };
}

/** The latest release by as-of time; releases without one keep their file order. */
function latest(releases: Release[]): Release | undefined {
  let best: Release | undefined;
  for (const r of releases) {
    if (!best || (r.asOf ?? '') >= (best.asOf ?? '')) best = r;
  }
  return best;
}

/** Lists every subject of a kind in file order; a repeated id (a candidate listed twice) gets "#2", "#3" ... */
export function subjectsOf(kind: SubjectKind, ctx: DatasetContext): Subject[] {
  const seen = new Map<string, number>();
  return listSubjects(kind, ctx).map((subject) => {
    const n = (seen.get(subject.id) ?? 0) + 1;
    seen.set(subject.id, n);
    return n === 1 ? subject : { ...subject, id: `${subject.id}#${n}` };
  });
}

function listSubjects(kind: SubjectKind, ctx: DatasetContext): Subject[] {
  const { dataset } = ctx;
  const candidateName = (id: string) => ctx.candidates.get(id)?.name ?? id;
  // Estimates are compared with the reference release; messages name it, since a dataset may hold several.
  const referenceName = ctx.referenceRelease ? releaseLabel(ctx.referenceRelease) : 'no release';
  switch (kind) {
    case 'dataset':
      return [{ kind, id: 'dataset', label: dataset.title ?? dataset.id, pointer: '', names: {} }];
    case 'source':
      return dataset.sources.map((source, i) => ({
        kind,
        id: `source:${source.id}`,
        label: source.publisher,
        pointer: `/sources/${i}`,
        names: { source: source.publisher },
        source,
      }));
    case 'release':
      return dataset.releases.map((release, releaseIndex) => ({
        kind,
        id: `release:${release.id}`,
        label: releaseLabel(release),
        pointer: `/releases/${releaseIndex}`,
        names: { release: releaseLabel(release), authority: release.authority },
        release,
        releaseIndex,
      }));
    case 'releaseResult':
      return dataset.releases.flatMap((release, releaseIndex) =>
        release.results.map((result, resultIndex) => ({
          kind,
          id: `release:${release.id}/candidate:${result.candidate}`,
          label: `${candidateName(result.candidate)} in ${release.id}`,
          pointer: `/releases/${releaseIndex}/results/${resultIndex}`,
          names: {
            candidate: candidateName(result.candidate),
            release: releaseLabel(release),
            authority: release.authority,
          },
          release,
          releaseIndex,
          result,
          resultIndex,
        })),
      );
    case 'estimateShare':
      return dataset.estimates.flatMap((estimate, estimateIndex) =>
        estimate.shares.map((entry, shareIndex) => ({
          kind,
          id: `estimate:${estimate.id}/candidate:${entry.candidate}`,
          label: `${candidateName(entry.candidate)} in ${estimate.pollsters.join(' and ')}`,
          pointer: `/estimates/${estimateIndex}/shares/${shareIndex}`,
          names: {
            candidate: candidateName(entry.candidate),
            estimate: estimate.pollsters.join(' and '),
            authority: ctx.referenceRelease?.authority ?? 'the authority',
            release: referenceName,
          },
          estimate,
          estimateIndex,
          shareIndex,
          candidate: entry.candidate,
          share: entry.share,
          release: ctx.referenceRelease,
        })),
      );
    case 'candidateEstimates':
      return dataset.candidates.flatMap((candidate) => {
        const entries = dataset.estimates.flatMap((estimate, estimateIndex) =>
          estimate.shares.flatMap((s, shareIndex) =>
            s.candidate === candidate.id ? [{ estimate, estimateIndex, shareIndex, share: s.share }] : [],
          ),
        );
        if (entries.length === 0) return [];
        return [
          {
            kind,
            id: `candidate:${candidate.id}/estimates`,
            label: `estimates for ${candidate.name}`,
            pointer: `/candidates/${dataset.candidates.indexOf(candidate)}`,
            names: {
              candidate: candidate.name,
              authority: ctx.referenceRelease?.authority ?? 'the authority',
              release: referenceName,
            },
            candidate: candidate.id,
            entries,
            release: ctx.referenceRelease,
          },
        ];
      });
    case 'mission':
      return dataset.missions.map((mission, missionIndex) => ({
        kind,
        id: `mission:${mission.id}`,
        label: mission.organisation,
        pointer: `/missions/${missionIndex}`,
        names: { mission: mission.organisation },
        mission,
        missionIndex,
      }));
    case 'leaderClaim':
      return dataset.claims.flatMap((claim, claimIndex) => {
        if (claim.kind !== 'leader') return [];
        const release = claim.release ? ctx.releases.get(claim.release) : ctx.referenceRelease;
        return [
          {
            kind,
            id: `claim:${claim.id}`,
            label: `${candidateName(claim.candidate)} leading`,
            pointer: `/claims/${claimIndex}`,
            names: {
              candidate: candidateName(claim.candidate),
              release: release ? releaseLabel(release) : 'the latest release',
              source: ctx.sources.get(claim.at.source)?.publisher ?? claim.at.source,
            },
            claim,
            claimIndex,
            release,
          },
        ];
      });
    case 'shareFigure':
    case 'countFigure':
      return figuresOf(dataset, kind === 'shareFigure' ? 'share' : 'count').map((f) => ({
        kind,
        id: `figure:${f.pointer}`,
        label: `${f.role} "${f.figure.printed}"`,
        names: { figure: f.role, printed: f.figure.printed },
        ...f,
      }));
    case 'releasePair':
    case 'releasePairResult':
    case 'partialBound':
    case 'estimatePair':
      return sequenceSubjects(kind, ctx);
    case 'table':
      return ctx.tables.map((aggregate) => {
        const { table } = aggregate;
        return {
          kind,
          id: `table:${table.entry.id}`,
          label: `table ${table.entry.id}`,
          pointer: `/precincts/${table.index}`,
          names: { table: table.entry.id },
          table,
          aggregate,
        };
      });
    case 'unit':
      // Units are streamed from their tables by the table pass, never listed.
      return [];
    case 'unitLevel':
      // Nodes that hold units: a table with none (no rows, or none read) has no sums to check, which the table
      // rules report, rather than level checks passed on sums of nothing.
      return ctx.tables.flatMap((aggregate) =>
        aggregate
          .nodes()
          .filter((node) => node.totals.units > 0)
          .map((node) => {
            const { table } = aggregate;
            const where = node.depth === 0 ? 'all units' : `${node.level} ${node.path.join(' / ')}`;
            return {
              kind,
              id: `table:${table.entry.id}/${node.depth === 0 ? 'total' : `${node.level}:${node.path.join('/')}`}`,
              label: `${where} of ${table.entry.id}`,
              pointer: `/precincts/${table.index}`,
              names: { table: table.entry.id, level: where },
              table,
              aggregate,
              node,
            };
          }),
      );
    case 'unitScreen':
      return ctx.tables.flatMap((aggregate) => {
        const { table } = aggregate;
        const screen = (region: number | null) => {
          const group = region === null ? 'all units' : `region ${aggregate.columns.regions[region]}`;
          return {
            kind,
            id: `table:${table.entry.id}/${region === null ? 'all' : `region:${aggregate.columns.regions[region]}`}`,
            label: `${group} of ${table.entry.id}`,
            pointer: `/precincts/${table.index}`,
            names: { table: table.entry.id, group },
            table,
            aggregate,
            region,
          };
        };
        // Regions in name order (codes follow first appearance in the file).
        const byName = aggregate.columns.regions
          .map((name, code) => ({ name, code }))
          .sort((a, b) => compareText(a.name, b.name));
        return [screen(null), ...byName.map((r) => screen(r.code))];
      });
  }
}

/** Every percentage (share) or count figure of a dataset with its pointer and role. */
export function figuresOf(dataset: Dataset, type: 'share' | 'count'): FigureAt[] {
  const out: FigureAt[] = [];
  const names = new Map(dataset.candidates.map((c) => [c.id, c.name]));
  const name = (id: string) => names.get(id) ?? id;
  const add = (figure: Figure | undefined, pointer: string, role: string) => {
    if (figure) out.push({ figure, pointer, role });
  };
  dataset.releases.forEach((r, i) => {
    const p = `/releases/${i}`;
    if (type === 'share') {
      add(r.progress?.share, `${p}/progress/share`, `share processed in ${r.id}`);
      add(r.turnout, `${p}/turnout`, `turnout in ${r.id}`);
      r.results.forEach((res, j) =>
        add(res.share, `${p}/results/${j}/share`, `share of ${name(res.candidate)} in ${r.id}`),
      );
    } else {
      add(r.progress?.numerator, `${p}/progress/numerator`, `units processed in ${r.id}`);
      add(r.progress?.denominator, `${p}/progress/denominator`, `units to process in ${r.id}`);
      add(r.progress?.ballots?.processed, `${p}/progress/ballots/processed`, `ballots processed in ${r.id}`);
      add(r.progress?.ballots?.total, `${p}/progress/ballots/total`, `ballots to process in ${r.id}`);
      add(
        r.progress?.stations?.processed,
        `${p}/progress/stations/processed`,
        `stations processed in ${r.id}`,
      );
      add(r.progress?.stations?.total, `${p}/progress/stations/total`, `stations to process in ${r.id}`);
      add(r.registeredVoters, `${p}/registeredVoters`, `registered voters in ${r.id}`);
      add(r.ballotsCast, `${p}/ballotsCast`, `ballots cast in ${r.id}`);
      add(r.validBallots, `${p}/validBallots`, `valid ballots in ${r.id}`);
      add(r.invalidBallots, `${p}/invalidBallots`, `invalid ballots in ${r.id}`);
      r.results.forEach((res, j) =>
        add(res.votes, `${p}/results/${j}/votes`, `votes for ${name(res.candidate)} in ${r.id}`),
      );
    }
  });
  dataset.estimates.forEach((e, i) => {
    const p = `/estimates/${i}`;
    if (type === 'share') {
      e.shares.forEach((s, j) =>
        add(s.share, `${p}/shares/${j}/share`, `share of ${name(s.candidate)} in ${e.id}`),
      );
    } else {
      add(e.sampleSize, `${p}/sampleSize`, `sample size of ${e.id}`);
      add(e.stations, `${p}/stations`, `stations sampled by ${e.id}`);
      add(e.districts, `${p}/districts`, `districts sampled by ${e.id}`);
    }
  });
  if (type === 'count') {
    dataset.missions.forEach((m, i) => add(m.observers, `/missions/${i}/observers`, `observers of ${m.id}`));
    dataset.claims.forEach((c, i) => {
      if (c.kind === 'candidateCount') add(c.count, `/claims/${i}/count`, `candidates stated in ${c.id}`);
    });
  }
  return out;
}
