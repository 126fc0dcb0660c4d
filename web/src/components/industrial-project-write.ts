import type { z } from 'zod';
import type { IndustrialProject } from '../api/types.js';
import { useProgrammeWrite } from './programme-form.js';

/** What a form that changes a project is given: the project, where its answer goes, and how it closes. */
export interface ProjectFormProps {
  project: IndustrialProject;
  onChanged: (p: IndustrialProject) => void;
  reload: () => void;
  onClose: () => void;
}

/**
 * The write of a form that changes a project (a programme's write, on the
 * project): `save` sends the input with the version read and closes the form,
 * if it closes, once the project answers. The version is left out of what the
 * form's refusal follows, so that the reading a conflict (409) asks for keeps
 * the message that says why.
 */
export function useProjectWrite<I extends object>(
  { project, onChanged, reload, onClose }: Omit<ProjectFormProps, 'onClose'> & { onClose?: () => void },
  schema: z.ZodType,
  input: I,
) {
  const write = useProgrammeWrite(project, schema, input, onChanged, reload);
  const save = (call: (body: I) => Promise<IndustrialProject>) =>
    write.send(call, { body: { ...input, version: project.version }, after: onClose });
  return { ...write, save };
}

/**
 * Of `fields`, those whose value differs from `read`'s (compared as JSON): what a form that changes a record (a
 * transfer item's terms, a commitment) sends, so that a field left alone never overwrites another writer's change.
 */
export function changedFrom(read: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([k, v]) => JSON.stringify(read[k]) !== JSON.stringify(v)));
}
