/** The Markdown and HTML evidence tables show the rule's all/any/not, rebuilt from the conditions' pointers. */
import { describe, expect, it } from 'vitest';
import { treeRows } from '../../src/report/condition-tree.js';
import { html } from '../../src/report/html.js';
import { markdown } from '../../src/report/markdown.js';
import type { ConditionEvidence } from '../../src/schema/report.js';
import { fixtureReport } from '../helpers/report-fixture.js';

function leaf(pointer: string, fact: string, result: boolean | null): ConditionEvidence {
  return { pointer, fact, operator: 'greaterThan', factValue: 1, value: 0, result };
}

/** A turnout-shape screen's tree: p ≤ 0.01 and any of four, plus a "not" nested in the any. */
const CONDITIONS = [
  leaf('/conditions/all/0', 'p', true),
  leaf('/conditions/all/1/any/0', 'skew', false),
  leaf('/conditions/all/1/any/1/not', 'kurtosis', true),
  leaf('/conditions/all/2', 'units', true),
];

describe('condition tree in the reports', () => {
  it('numbers the conditions in their groups, each group with its result', () => {
    expect(treeRows(CONDITIONS)?.map((r) => [r.outline, r.depth, r.group ?? r.leaf?.fact, r.result])).toEqual(
      [
        ['', 0, 'all of', false],
        ['1', 1, 'p', true],
        ['2', 1, 'any of', false],
        ['2.1', 2, 'skew', false],
        ['2.2', 2, 'not', false],
        ['2.2.1', 3, 'kurtosis', true],
        ['3', 1, 'units', true],
      ],
    );
    // One condition, or an all of one: no tree, the table stays as it was.
    expect(treeRows([leaf('/conditions/all/0', 'p', true)])).toBeUndefined();
    // An all of a single any is that any.
    expect(
      treeRows([
        leaf('/conditions/all/0/any/0', 'a', null),
        leaf('/conditions/all/0/any/1', 'b', false),
      ])?.map((r) => [r.outline, r.group ?? r.leaf?.fact, r.result]),
    ).toEqual([
      ['', 'any of', null],
      ['1', 'a', null],
      ['2', 'b', false],
    ]);
  });

  it('Markdown and HTML give each group a row with its result', async () => {
    const report = fixtureReport();
    const finding = report.findings[0] as (typeof report.findings)[number];
    finding.evidence.conditions = CONDITIONS;
    const md = await markdown.format(report);
    const table = md.slice(md.indexOf('| condition |'), md.indexOf('\n\n', md.indexOf('| condition |')));
    expect(table.split('\n')).toEqual([
      '| condition | fact | value | operator | compared with | result |',
      '|---|---|---|---|---|---|',
      '| all of: | | | | | does not hold |',
      '| 1 | `p` | 1 | `greaterThan` | 0 | holds |',
      '| 2 any of: | | | | | does not hold |',
      '| 2.1 | `skew` | 1 | `greaterThan` | 0 | does not hold |',
      '| 2.2 not: | | | | | does not hold |',
      '| 2.2.1 | `kurtosis` | 1 | `greaterThan` | 0 | holds |',
      '| 3 | `units` | 1 | `greaterThan` | 0 | holds |',
    ]);
    const page = await html.format(report);
    expect(page).toContain(
      '<tr class="group"><td class="outline">2</td><td class="depth-1" colspan="4">any of:</td>' +
        '<td class="result-not">does not hold</td></tr><tr><td class="outline">2.1</td><td class="depth-2">' +
        '<code>skew</code></td><td class="num">1</td><td><code>greaterThan</code></td><td class="num">0</td>' +
        '<td class="result-not">does not hold</td></tr><tr class="group"><td class="outline">2.2</td>' +
        '<td class="depth-2" colspan="4">not:</td><td class="result-not">does not hold</td></tr>',
    );
  });
});
