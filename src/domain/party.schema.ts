import { z } from 'zod';

export const partySchema = z
  .object({ code: z.string(), name: z.record(z.string(), z.string()) })
  .describe('Party: a state or organisation taking part');
export type Party = z.infer<typeof partySchema>;

export const organisationSchema = z
  .object({ id: z.string(), party: z.string(), name: z.string(), kind: z.string() })
  .describe('Organisation inside a party');
export type Organisation = z.infer<typeof organisationSchema>;
