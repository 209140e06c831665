// Reads a JSON file named on the command line; what cannot be read or parsed is a usage error
// with one clear line, never a stack trace.
import { readFile } from 'node:fs/promises';
import { UsageError } from './args.ts';

export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
}
