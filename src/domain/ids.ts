import { v7 } from 'uuid';

/** Time-ordered UUIDs: unguessable, and friendly to B-tree indexes. */
export const newId = (): string => v7();
