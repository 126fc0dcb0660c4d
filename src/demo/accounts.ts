import type { Classification } from '../domain/labels.js';
import type { Role } from '../domain/user.schema.js';

/** The password of every demo account (illustrative; change it on a real installation). */
export const DEMO_PASSWORD = 'demo-2026';

export interface DemoAccount {
  username: string;
  displayName: string;
  party: string;
  roles: Role[];
  clearance: Classification;
  compartments: string[];
}

/** Demo users: several per party, with roles and clearances that make access control visible. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: 'mar.planner',
    displayName: 'Planificateur (MAR)',
    party: 'MAR',
    roles: ['planner', 'contributor', 'admin'],
    clearance: 'SECRET',
    compartments: ['INDUS'],
  },
  {
    username: 'mar.viewer',
    displayName: 'Lecteur (MAR)',
    party: 'MAR',
    roles: ['viewer'],
    clearance: 'RESTRICTED',
    compartments: [],
  },
  {
    username: 'mar.security',
    displayName: 'Officier de sécurité (MAR)',
    party: 'MAR',
    roles: ['security_officer', 'viewer'],
    clearance: 'TOP_SECRET',
    compartments: ['INDUS', 'INTEL'],
  },
  {
    username: 'isr.planner',
    displayName: 'Planner (ISR)',
    party: 'ISR',
    roles: ['planner', 'contributor', 'admin'],
    clearance: 'SECRET',
    compartments: ['INTEL'],
  },
  {
    username: 'isr.viewer',
    displayName: 'Viewer (ISR)',
    party: 'ISR',
    roles: ['viewer'],
    clearance: 'CONFIDENTIAL',
    compartments: [],
  },
  { username: 'usa.viewer', displayName: 'Viewer (USA)', party: 'USA', roles: ['viewer'], clearance: 'SECRET', compartments: [] },
  {
    // The acquisition officer of DESIGN.md, who follows programmes and evaluates offers; the post is illustrative.
    username: 'mar.acquisition',
    displayName: 'Officier d’acquisition (MAR)',
    party: 'MAR',
    roles: ['contributor'],
    clearance: 'CONFIDENTIAL',
    compartments: [],
  },
];

/** Accounts beyond the fixed demo accounts: an activity lead per party, who writes follow-ups. */
export const CONTRIBUTORS: DemoAccount[] = [
  {
    username: 'mar.contributor',
    displayName: 'Officier de liaison (MAR)',
    party: 'MAR',
    roles: ['contributor'],
    clearance: 'CONFIDENTIAL',
    compartments: ['INDUS'],
  },
  {
    username: 'isr.contributor',
    displayName: 'Liaison officer (ISR)',
    party: 'ISR',
    roles: ['contributor'],
    clearance: 'CONFIDENTIAL',
    compartments: [],
  },
  {
    username: 'usa.contributor',
    displayName: 'Liaison officer (USA)',
    party: 'USA',
    roles: ['contributor'],
    clearance: 'CONFIDENTIAL',
    compartments: [],
  },
];

/** Every account the demo creates, in the order it creates them. */
export const EVERY_DEMO_ACCOUNT: DemoAccount[] = [...DEMO_ACCOUNTS, ...CONTRIBUTORS];

/** The line that names the demo's accounts and their password, at start-up and after loading the demo. */
export const demoAccountsLine = (lead = 'Demo accounts') =>
  `${lead} (password ${DEMO_PASSWORD}): ${EVERY_DEMO_ACCOUNT.map((a) => a.username).join(', ')}`;
