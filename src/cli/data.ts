/** `tallycheck data validate`: checks dataset files and reports every problem. */
import { loadDataset } from '../load/dataset.js';
import { formatProblem, InputError, UsageError } from '../load/errors.js';
import { EXIT, type Io } from './main.js';

/** Validates each file; resolves to 0 when all are valid, 2 otherwise. */
export function validateData(files: string[], io: Io): number {
  if (files.length === 0) throw new UsageError('data validate needs at least one dataset file');
  let failed = 0;
  for (const file of files) {
    try {
      const { data } = loadDataset(file);
      io.out(
        `${file}: valid (${data.candidates.length} candidates, ${data.releases.length} releases, ` +
          `${data.estimates.length} estimates)\n`,
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      failed += 1;
      io.err(`${error.problems.map(formatProblem).join('\n')}\n`);
    }
  }
  return failed > 0 ? EXIT.error : EXIT.ok;
}
