/** GitHub Actions workflow commands: one annotation per finding not accepted by a baseline. */
import { printable } from '../printable.js';
import { type Finding, type Formatter, findingAnchor, type Report } from './types.js';

const COMMAND: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes a command's message as the Actions runner reads it back (as @actions/core does). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command property value: as data, plus the ":" and "," that delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(f: Finding, file: string): string {
  const anchor = findingAnchor(f);
  const properties = [
    `file=${escapeProperty(file)}`,
    ...(anchor.line !== undefined ? [`line=${anchor.line}`] : []),
    ...(anchor.line !== undefined && anchor.column !== undefined ? [`col=${anchor.column}`] : []),
    `title=${escapeProperty(f.ruleId)}`,
  ];
  return `::${COMMAND[f.severity]} ${properties.join(',')}::${escapeData(printable(f.message))}`;
}

/**
 * Formats the report as workflow commands for a job log (`cat` it in a step): error, warning and notice
 * annotations at the offending figure. Suppressed findings are left out: the baseline accepted them.
 */
export const github: Formatter = {
  name: 'github',
  extension: 'github.txt',
  format(report: Report): string {
    const file = report.inputs.dataset.file;
    return report.findings
      .filter((f) => !f.suppression)
      .map((f) => `${annotation(f, file)}\n`)
      .join('');
  },
};
