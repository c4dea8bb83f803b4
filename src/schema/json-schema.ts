/** JSON Schema exports of the zod schemas, for editors and other tools (written to schemas/ by a script). */
import { z } from 'zod';
import { BaselineSchema } from './baseline.js';
import { DatasetSchema } from './dataset.js';
import { DiffSchema } from './diff.js';
import { MappingSchema } from './mapping.js';
import { ReportSchema } from './report.js';
import { RuleFileSchema } from './rule.js';

/** The JSON Schema files and their contents, by file name. */
export function jsonSchemas(): Record<string, string> {
  const make = (schema: z.ZodType, id: string, title: string, io: 'input' | 'output') => {
    const json = z.toJSONSchema(schema, {
      io,
      target: 'draft-2020-12',
      unrepresentable: 'any',
      reused: 'ref',
    });
    return `${JSON.stringify({ $id: id, title, ...json }, null, 2)}\n`;
  };
  return {
    'dataset.schema.json': make(
      DatasetSchema,
      'https://tallycheck.dev/schemas/dataset.schema.json',
      'tallycheck dataset',
      'input',
    ),
    'rule.schema.json': make(
      RuleFileSchema,
      'https://tallycheck.dev/schemas/rule.schema.json',
      'tallycheck rule file',
      'input',
    ),
    'report.schema.json': make(
      ReportSchema,
      'https://tallycheck.dev/schemas/report.schema.json',
      'tallycheck report 1.0.0',
      'output',
    ),
    'diff.schema.json': make(
      DiffSchema,
      'https://tallycheck.dev/schemas/diff.schema.json',
      'tallycheck diff 1.0.0',
      'output',
    ),
    'mapping.schema.json': make(
      MappingSchema,
      'https://tallycheck.dev/schemas/mapping.schema.json',
      'tallycheck precinct-table mapping',
      'input',
    ),
    'baseline.schema.json': make(
      BaselineSchema,
      'https://tallycheck.dev/schemas/baseline.schema.json',
      'tallycheck baseline (accepted findings)',
      'input',
    ),
  };
}
