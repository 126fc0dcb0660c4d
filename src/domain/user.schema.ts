import { z } from 'zod';
import { CLASSIFICATIONS, compartmentCodeSchema, partyCodeSchema } from './labels.js';

export const ROLES = ['admin', 'planner', 'contributor', 'viewer', 'security_officer'] as const;
export type Role = (typeof ROLES)[number];

export const usernameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'lower-case letters, digits, dots, dashes');
export const passwordSchema = z.string().min(8, 'at least 8 characters').max(200);

export const userCreateSchema = z
  .object({
    username: usernameSchema,
    displayName: z.string().trim().min(1).max(200),
    party: partyCodeSchema,
    roles: z.array(z.enum(ROLES)).min(1),
    clearance: z.enum(CLASSIFICATIONS).default('UNCLASSIFIED'),
    compartments: z.array(compartmentCodeSchema).default([]),
    password: passwordSchema,
  })
  .strict();
export type UserCreate = z.infer<typeof userCreateSchema>;

export const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    party: z.string(),
    roles: z.array(z.enum(ROLES)),
    clearance: z.enum(CLASSIFICATIONS),
    compartments: z.array(z.string()),
  })
  .describe('User');
export type User = z.infer<typeof userSchema>;

export const loginSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict();
