/** Writes schemas/*.schema.json from the zod schemas (npm run schemas); a test fails when they are stale. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemas } from '../src/schema/json-schema.js';

for (const [name, content] of Object.entries(jsonSchemas())) {
  writeFileSync(join('schemas', name), content);
  process.stdout.write(`wrote schemas/${name}\n`);
}
