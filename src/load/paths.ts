/** Paths written in a dataset file. */
import { dirname, join, relative } from 'node:path';

/** Resolves a path written in a dataset (relative to the dataset file) to one relative to the working directory. */
export function besideDataset(datasetFile: string, path: string): string {
  return relative(process.cwd(), join(dirname(datasetFile), path)) || path;
}
