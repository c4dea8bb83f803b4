/** Zod schema of a baseline file: findings a reviewer accepted, so that the gate fails only on new ones. */
import { z } from 'zod';

export const BASELINE_VERSION = 1;

/** A calendar date, YYYY-MM-DD. */
const DaySchema = z.iso.date('a date written YYYY-MM-DD, such as "2025-12-31"');

/** One accepted finding: the rule, the subject, and a hash of the evidence values it was accepted with. */
export const BaselineEntrySchema = z.strictObject({
  ruleId: z.string().min(1).describe('The rule id of the accepted finding.'),
  subject: z.string().min(1).describe('The subject id of the accepted finding (finding.subject.id).'),
  evidenceHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'a sha256 in lowercase hex (64 characters)')
    .describe(
      "sha256 of the stable JSON of the finding's evidence values: when a value changes, the finding comes back.",
    ),
  justification: z.string().min(1).max(2000).describe('Why the finding is accepted.'),
  acceptedBy: z.string().min(1).max(200).describe('Who accepted it.'),
  expires: DaySchema.optional().describe(
    'Last day (UTC) the acceptance holds; from the next day the finding counts again.',
  ),
  message: z.string().max(2000).optional().describe('The finding message when accepted, for humans only.'),
});
export type BaselineEntry = z.infer<typeof BaselineEntrySchema>;

/** A baseline file. */
export const BaselineSchema = z.strictObject({
  $schema: z.string().optional(),
  baselineVersion: z.literal(BASELINE_VERSION),
  entries: z.array(BaselineEntrySchema),
});
export type Baseline = z.infer<typeof BaselineSchema>;
