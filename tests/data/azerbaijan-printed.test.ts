/**
 * The bundled Azerbaijan dataset against its source: every figure's printed form occurs in the paragraph it
 * cites, and the dataset validates. Reads the article beside the project (../shared/sources/).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allFigures, loadDataset, paragraphs } from '../../src/load/dataset.js';
import { SHARED_READ } from '../helpers/audit.js';

const FILE = 'data/azerbaijan-2024-presidential.json';
const SOURCE = '../shared/sources/trend-2024-02-08-azerbaijan-election.txt';

describe.skipIf(!existsSync(SOURCE))('Azerbaijan 2024 dataset against the Trend article', () => {
  const dataset = loadDataset(FILE, SHARED_READ);
  const paras = paragraphs(readFileSync(SOURCE, 'utf8'));
  const raw = JSON.parse(readFileSync(FILE, 'utf8')) as unknown;
  const figures = [
    ...allFigures(raw),
    ...dataset.data.missions.flatMap((m, i) => [
      { figure: m.from, pointer: `/missions/${i}/from` },
      { figure: m.to, pointer: `/missions/${i}/to` },
    ]),
    ...(dataset.data.election.datePrinted
      ? [{ figure: dataset.data.election.datePrinted, pointer: '/election/datePrinted' }]
      : []),
  ];

  it('reads the source the dataset names', () => {
    expect(dataset.sourceTexts.get('trend-2024-02-08')).toEqual(paras);
    expect(paras).toHaveLength(12);
  });

  it('holds every figure of the article', () => {
    // 1 progress + 7 CEC shares + 3 poll shares + 1 observer count + 1 candidate count + 1 station count + 3 dates
    expect(figures).toHaveLength(17);
  });

  it.each(figures.map((f) => [f.pointer, f.figure] as const))(
    '%s is printed in the paragraph it cites',
    (_, figure) => {
      expect(figure.at.source).toBe('trend-2024-02-08');
      expect(paras[figure.at.paragraph - 1]).toContain(figure.printed);
    },
  );

  it('names every candidate in the paragraph it cites', () => {
    for (const c of dataset.data.candidates) {
      expect(paras[(c.at?.paragraph ?? 0) - 1]).toContain(c.name);
    }
  });
});
