/**
 * The thousands separators a mapping can declare, in a module of their own without zod: the table reader's
 * worker thread needs them (precinct/thousands.ts), and loading zod there cost it about 70 ms of start-up
 * (issue 6; see count-fields.ts).
 */
export const THOUSANDS_SEPARATORS = [',', '.', ' ', "'"] as const;
