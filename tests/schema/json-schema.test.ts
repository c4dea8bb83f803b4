/** The JSON Schemas in schemas/ are generated from the zod schemas: this fails when they are stale. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../src/schema/json-schema.js';

describe('schemas/', () => {
  it.each(Object.entries(jsonSchemas()))('%s is up to date (run npm run schemas)', (name, content) => {
    expect(readFileSync(join('schemas', name), 'utf8')).toBe(content);
  });
});
