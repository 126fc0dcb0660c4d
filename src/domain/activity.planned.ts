import type { Activity } from './activity.schema.js';

/**
 * What an activity plans (what, who, where, when and how urgent), as a copy of it elsewhere
 * carries it: in a roll-over's next plan or in an exchange file. An empty description is left
 * out; a new activity without one gets an empty one.
 */
export const plannedFields = (a: Activity) => ({
  refCode: a.refCode,
  title: a.title,
  ...(Object.keys(a.description).length > 0 && { description: a.description }),
  type: a.type,
  domain: a.domain,
  leadParty: a.leadParty,
  participatingParties: a.participatingParties,
  leadOrganisationId: a.leadOrganisationId,
  location: a.location,
  plannedPeriod: a.plannedPeriod,
  priority: a.priority,
});
