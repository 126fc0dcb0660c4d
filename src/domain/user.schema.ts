import { z } from 'zod';
import { timestampSchema, versionSchema } from './common.schema.js';
import { CLASSIFICATIONS, compartmentCodeSchema, partyCodeSchema } from './labels.js';
import { matching, refusing } from './problems.js';

export const ROLES = ['admin', 'planner', 'contributor', 'viewer', 'security_officer'] as const;
export type Role = (typeof ROLES)[number];

export const usernameSchema = matching(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'field.username_format', {
  min: 2,
  max: 63,
  example: 'a.benali',
});
export const passwordSchema = z.string().min(8, 'at least 8 characters').max(200);

export const userCreateSchema = z.strictObject({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(200),
  party: partyCodeSchema,
  roles: z.array(z.enum(ROLES)).min(1),
  clearance: z.enum(CLASSIFICATIONS).default('UNCLASSIFIED'),
  compartments: z.array(compartmentCodeSchema).default([]),
  password: passwordSchema,
});
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

export const loginSchema = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });

/** A raise of a user's clearance or compartments, waiting for a security officer of the user's party (two-person rule). */
export const clearanceRequestSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    username: z.string(),
    party: z.string(),
    clearance: z.enum(CLASSIFICATIONS).nullable().describe('The level asked for; null when only compartments are added'),
    compartments: z.array(z.string()).describe('Compartments to add; those the user holds stay'),
    requestedBy: z.string().describe('Username of the administrator who asked'),
    requestedAt: timestampSchema,
    status: z.enum(['pending', 'confirmed', 'refused']),
    decidedBy: z.string().nullable().describe('Username of the security officer who decided'),
    decidedAt: timestampSchema.nullable(),
  })
  .describe('ClearanceRequest');
export type ClearanceRequest = z.infer<typeof clearanceRequestSchema>;

/** A user as an administrator of their party manages them. */
export const managedUserSchema = userSchema
  .extend({
    active: z.boolean().describe('false once deactivated: the user cannot sign in and their sessions and tokens stop working'),
    pendingRaise: clearanceRequestSchema
      .nullable()
      .describe('A raise of clearance or compartments asked for and not yet confirmed by a security officer'),
    version: versionSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('ManagedUser');
export type ManagedUser = z.infer<typeof managedUserSchema>;

export const userPatchSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(200).optional(),
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  clearance: z.enum(CLASSIFICATIONS).optional(),
  compartments: z.array(compartmentCodeSchema).optional(),
  active: z.boolean().optional(),
  version: versionSchema.optional(),
});
export type UserPatch = z.infer<typeof userPatchSchema>;

export const passwordResetSchema = z.strictObject({ password: passwordSchema });

export const passwordChangeSchema = z
  .strictObject({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema })
  .refine((p) => p.currentPassword !== p.newPassword, refusing('field.same_password', ['newPassword']));
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

/** An API token as its owner (or their party's administrator) sees it: never the secret nor its hash. */
export const apiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    userId: z.string(),
    username: z.string(),
    createdAt: timestampSchema,
    lastUsedAt: timestampSchema.nullable().describe('When it was last used, to within five minutes; null if never'),
  })
  .describe('ApiToken');
export type ApiToken = z.infer<typeof apiTokenSchema>;
