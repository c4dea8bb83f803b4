/**
 * The count fields of a protocol, in a module of their own without zod: the table reader's worker thread
 * needs them, and loading zod there cost about 70 ms of its start-up (issue 6).
 */

/** Names of the count fields, in protocol order. */
export const COUNT_FIELDS = ['registered', 'issued', 'cast', 'valid', 'invalid'] as const;
export type CountField = (typeof COUNT_FIELDS)[number];
