/** The fact registry: every fact a rule may name, by id. */
import type { FactDefinition } from './define.js';
import { shareSum } from './share-sum.js';

export type { FactDefinition } from './define.js';

// biome-ignore lint/suspicious/noExplicitAny: the registry holds facts of every scope and parameter type.
type AnyFact = FactDefinition<any, any>;

/** All facts, sorted by id. */
export const facts: readonly AnyFact[] = [shareSum].sort((a, b) => a.id.localeCompare(b.id));

/** Facts by id. */
export const factsById: ReadonlyMap<string, AnyFact> = new Map(facts.map((f) => [f.id, f]));
