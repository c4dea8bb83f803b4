/** Zod schema of a rule file: our metadata beside json-rules-engine `conditions` and `event`. */
import { z } from 'zod';
import { WebUrlSchema } from './web-url.js';

/** What a rule runs on: it is evaluated once per subject of this kind. */
export const SubjectKindSchema = z.enum([
  'dataset',
  'source',
  'release',
  'releaseResult',
  'estimateShare',
  'candidateEstimates',
  'mission',
  'leaderClaim',
  'shareFigure',
  'countFigure',
  'releasePair',
  'releasePairResult',
  'partialBound',
  'estimatePair',
  'table',
  'unit',
  'unitLevel',
  'unitScreen',
]);
export type SubjectKind = z.infer<typeof SubjectKindSchema>;

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

/** A JSON scalar or a flat array of them (the right-hand side of a comparison). */
const ScalarSchema = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

/** Fact parameters: a flat object of scalars; each fact validates its own with a stricter schema. */
export const ParamsSchema = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), ScalarSchema);

/** A dotted property path into a fact's value ("low", "interval.high"). JSONPath is not accepted. */
const PathSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*$/, 'a dotted property path such as "low"');

/** A reference to another fact as the value compared with. */
export const FactRefSchema = z.strictObject({
  fact: z.string().min(1),
  params: ParamsSchema.optional(),
  path: PathSchema.optional(),
});

export const LeafConditionSchema = z.strictObject({
  fact: z.string().min(1),
  operator: z.string().min(1),
  value: z.union([ScalarSchema, z.array(ScalarSchema).max(1000), FactRefSchema]),
  params: ParamsSchema.optional(),
  path: PathSchema.optional(),
  priority: z.number().int().min(1).optional(),
  name: z.string().max(200).optional(),
});
export type LeafCondition = z.infer<typeof LeafConditionSchema>;

export type Condition = LeafCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
    LeafConditionSchema,
  ]),
);

export const TopConditionSchema = z.union([
  z.strictObject({ all: z.array(ConditionSchema).min(1) }),
  z.strictObject({ any: z.array(ConditionSchema).min(1) }),
  z.strictObject({ not: ConditionSchema }),
]);

export const RuleIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case rule id that names the expectation');

/** A rule file. Conditions describe the violation: when they hold, the rule reports a finding. */
export const RuleFileSchema = z.strictObject({
  $schema: z.string().optional(),
  id: RuleIdSchema,
  meta: z.strictObject({
    title: z.string().min(1).max(200),
    severity: SeveritySchema,
    scope: SubjectKindSchema.describe('The subject kind the rule runs on, once per subject.'),
    rationale: z.string().min(1).max(5000),
    references: z
      .array(z.strictObject({ title: z.string().min(1).max(500), url: WebUrlSchema.optional() }))
      .default([]),
    message: z
      .string()
      .min(1)
      .max(2000)
      .describe('Finding text; {name} placeholders take a fact value or a subject name.'),
    evidence: z
      .array(FactRefSchema)
      .default([])
      .describe('Further facts recorded as evidence and available to the message, beside those compared.'),
    tags: z.array(z.string().max(50)).default([]),
  }),
  conditions: TopConditionSchema,
  event: z
    .strictObject({ type: z.literal('finding'), params: ParamsSchema.optional() })
    .default({ type: 'finding' }),
  priority: z.number().int().min(1).optional(),
});
export type RuleFile = z.infer<typeof RuleFileSchema>;
