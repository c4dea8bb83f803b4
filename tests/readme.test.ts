/** The README stays true: its report excerpt is in the committed report, its commands exist with their options. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_HELP,
  DATA_HELP,
  DIFF_HELP,
  EXPLAIN_HELP,
  MAP_HELP,
  RULES_HELP,
  SYNTH_HELP,
} from '../src/cli/help.js';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('quotes the committed Markdown report verbatim', () => {
    const block = /<!-- excerpt:start -->\n```markdown\n([\s\S]*?)```\n<!-- excerpt:end -->/.exec(
      readme,
    )?.[1];
    expect(block).toBeDefined();
    const report = readFileSync('reports/azerbaijan-2024-presidential.report.md', 'utf8');
    for (const part of (block ?? '').split('\n...\n')) expect(report).toContain(part.trim());
  });

  it('gives the two set-up commands that package.json supports', () => {
    expect(readme).toContain('npm ci && npm run audit');
    expect(readme).toContain('npm ci && npm test');
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    expect(scripts.audit).toContain('audit data/azerbaijan-2024-presidential.json');
    expect(readFileSync('.ci/run', 'utf8')).toContain('npm ci');
    expect(readFileSync('.ci/run', 'utf8')).toContain('npm test');
  });

  it("gives each command's options in its synopsis, as the command's --help does", () => {
    const block = /## Command line\n\n```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    // Synopsis lines by command (audit, data, rules ...); a line starting with spaces continues the one above.
    const readmeOptions = new Map<string, Set<string>>();
    let command = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('tallycheck ')) command = line.split(' ')[1] as string;
      const options = readmeOptions.get(command) ?? new Set<string>();
      for (const o of line.match(/--[a-z][a-z-]*/g) ?? []) options.add(o);
      readmeOptions.set(command, options);
    }
    // A help's options: those of its usage lines (up to the first blank line) and the first of each line of its
    // option list; not the options of other commands its prose names.
    const helpOptions = (text: string) => {
      const lines = text.split('\n');
      const usage = lines.slice(0, lines.indexOf(''));
      const listed = lines
        .filter((l) => /^ {2}(-[a-z], )?--/.test(l))
        .map((l) => l.replace(/^ {2}-[a-z], /, '  '));
      const options = [
        ...usage.flatMap((l) => l.match(/--[a-z][a-z-]*/g) ?? []),
        ...listed.map((l) => /--[a-z][a-z-]*/.exec(l)?.[0] as string),
      ];
      return [...new Set(options)].filter((o) => o !== '--help').sort();
    };
    const helps: Record<string, string> = {
      audit: AUDIT_HELP,
      diff: DIFF_HELP,
      explain: EXPLAIN_HELP,
      data: DATA_HELP,
      rules: RULES_HELP,
      map: MAP_HELP,
      synth: SYNTH_HELP,
    };
    expect([...readmeOptions.keys()]).toEqual(['audit', 'diff', 'explain', 'data', 'rules', 'map', 'synth']);
    for (const [name, help] of Object.entries(helps)) {
      expect([...(readmeOptions.get(name) ?? [])].sort(), name).toEqual(helpOptions(help));
    }
    expect(helpOptions(DIFF_HELP)).toContain('--allow-read');
    expect(helpOptions(EXPLAIN_HELP)).toContain('--allow-read');
  });
});
