/** The README stays true: its report excerpt is in the committed report, and its commands exist. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

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
});
