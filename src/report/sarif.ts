/** The SARIF 2.1.0 log for code-scanning tools: one result per finding, located at the offending figure. */
import { mdText } from './markdown.js';
import { type Finding, type Formatter, findingAnchor, type Report, type SourceRef } from './types.js';

/** The schema the log declares: the OASIS 2.1.0 schema with errata, as in its own `id`. */
export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Rule severity to SARIF level; SARIF's weakest failure is "note". */
const LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** A path as a URI reference: each segment percent-encoded, so a space or "#" in a file name stays a path. */
function pathUri(path: string): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  // An absolute path (a dataset outside the working directory) is a file: URI, as SARIF wants an absolute one.
  return path.startsWith('/') ? `file://${encoded}` : encoded;
}

/** A URL as a Markdown link destination: characters that would end or split it are percent-encoded. */
function mdUrl(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function ruleDescriptor(rule: Report['rules'][number]) {
  const refs = rule.references;
  const text = [rule.rationale, ...(refs.length > 0 ? ['', 'References:'] : [])]
    .concat(refs.map((r) => `- ${r.title}${r.url ? `: ${r.url}` : ''}`))
    .join('\n');
  const markdown = [mdText(rule.rationale), ...(refs.length > 0 ? ['', '**References**', ''] : [])]
    .concat(refs.map((r) => (r.url ? `- [${mdText(r.title)}](${mdUrl(r.url)})` : `- ${mdText(r.title)}`)))
    .join('\n');
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text, markdown },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { scope: rule.scope, file: rule.file },
  };
}

/** What a source figure is, in words: the printed figure and where it was printed. */
function sourceText(s: SourceRef): string {
  const printed = s.printed !== undefined ? `"${s.printed}"` : s.pointer;
  const where = s.at ? ` (${s.publisher ?? s.at.source}, paragraph ${s.at.paragraph})` : '';
  return `${printed}${where}`;
}

interface Place {
  pointer: string;
  line?: number;
  column?: number;
}

/** A location in the dataset file: the region when a line is known, and always the JSON pointer. */
function location(uri: string, place: Place, kind: 'object' | 'value', text: string, id?: number) {
  const region =
    place.line !== undefined && place.line >= 1
      ? {
          region: {
            startLine: place.line,
            ...(place.column !== undefined && place.column >= 1 ? { startColumn: place.column } : {}),
          },
        }
      : {};
  return {
    ...(id !== undefined ? { id } : {}),
    physicalLocation: { artifactLocation: { uri, index: 0 }, ...region },
    logicalLocations: [{ fullyQualifiedName: place.pointer, kind }],
    message: { text },
  };
}

function result(f: Finding, uri: string, ruleIndex: number | undefined) {
  const anchor = findingAnchor(f);
  const primary = anchor.source
    ? location(uri, anchor, 'value', sourceText(anchor.source))
    : location(uri, anchor, 'object', f.subject.label);
  const related = f.sources
    .filter((s) => s !== anchor.source)
    .map((s, i) => location(uri, s, 'value', sourceText(s), i + 1));
  const s = f.suppression;
  return {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    // SARIF: a kind other than "fail" requires level "none"; "open" is "insufficient information to decide
    // whether a problem exists", which is what not evaluated means. The rule severity stays in properties.
    kind: f.outcome === 'failed' ? 'fail' : 'open',
    level: f.outcome === 'failed' ? LEVEL[f.severity] : 'none',
    message: { text: f.message },
    locations: [primary],
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    partialFingerprints: { 'tallycheck/v1': f.fingerprint },
    ...(s
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: s.justification,
              location: { physicalLocation: { artifactLocation: { uri: pathUri(s.baseline) } } },
              properties: { acceptedBy: s.acceptedBy, ...(s.expires ? { expires: s.expires } : {}) },
            },
          ],
        }
      : {}),
    properties: {
      severity: f.severity,
      outcome: f.outcome,
      subject: { kind: f.subject.kind, id: f.subject.id, label: f.subject.label },
      ...(f.reasons ? { reasons: f.reasons } : {}),
    },
  };
}

/** Formats the report as a SARIF 2.1.0 log with one run. */
export const sarif: Formatter = {
  name: 'sarif',
  extension: 'sarif.json',
  format(report: Report): string {
    const uri = pathUri(report.inputs.dataset.file);
    const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
    const log = {
      $schema: SARIF_SCHEMA_URI,
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: report.tool.name,
              version: report.tool.version,
              rules: report.rules.map(ruleDescriptor),
            },
          },
          // --timestamp: the time the other formats record (taken when the run ended, as the report was built).
          // A report is written only by a run that completed, hence executionSuccessful; the gate is in results.
          ...(report.generatedAt
            ? { invocations: [{ executionSuccessful: true, endTimeUtc: report.generatedAt }] }
            : {}),
          artifacts: [{ location: { uri }, hashes: { 'sha-256': report.inputs.dataset.sha256 } }],
          // Positions come from JavaScript string offsets of the dataset text.
          columnKind: 'utf16CodeUnits',
          results: report.findings.map((f) => result(f, uri, ruleIndex.get(f.ruleId))),
        },
      ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
  },
};
