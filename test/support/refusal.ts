import { DomainError } from '../../src/domain/errors.js';

/** Runs `fn` and answers the refusal of the domain it must throw; any other error is thrown again. */
export function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal of the domain, and nothing was refused');
}
