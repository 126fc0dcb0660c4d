import type { z } from 'zod';
import { navigate } from '../router.js';
import { useInlineCreate } from './use-inline-create.js';

/**
 * The state of a form that creates a record: the input is checked with the
 * API's own schema first, then sent; the API's refusals show beside their
 * fields until the reader changes them, and the new record's page opens on
 * success (the form staying busy meanwhile).
 */
export function useCreateForm<S extends z.ZodType>(schema: S, input: object) {
  const form = useInlineCreate(schema, input);
  const create = (input: unknown, send: (data: z.output<S>) => Promise<{ id: string }>, pageOf: (id: string) => string) =>
    form.create(input, send, (created) => navigate(pageOf(created.id)), { staysBusy: true });
  return { ...form, create };
}
