import { z } from 'zod';
import {
  CLASSIFICATIONS,
  type Classification,
  classificationSchema,
  compartmentCodeSchema,
  type Label,
  levelOf,
  partyCodeSchema,
  type Reader,
} from '../labels.js';
import { matching, problem, refusing, zodFieldIssue } from '../problems.js';
import { COMPARTMENT, type ConfidentialityLabel, categoriesOf, categoryValues, RELEASABLE_TO } from './confidentiality-label.js';

/**
 * An installation's security policy, in the spirit of an Open XML SPIF: the national classification
 * ladder with its markings in the four languages, and per partner party the classification-equivalence
 * table of the bilateral security agreement, in each direction. The file is JSON
 * (config/security-policy/*.json), checked by `parseSecurityPolicy` before any use.
 *
 * Levels are placed on the common order of labels.ts (the order records and clearances are compared
 * in); a ladder may have gaps there. An agreement's tables say which level of one ladder protects a
 * record of a level of the other. Mapping never guesses: a level the table lacks refuses the record.
 */

export const POLICY_FORMAT = 'jointplan.security-policy';
export const LANGUAGES = ['fr', 'en', 'ar', 'he'] as const;
export type PolicyLanguage = (typeof LANGUAGES)[number];

const token = matching(/^[A-Z][A-Z0-9_-]{0,39}$/, 'field.label_token_format', { max: 40, example: 'NATO_SECRET' });
const urn = matching(/^urn:[a-z0-9][a-z0-9-]{0,31}:[\x21-\x7e]{1,200}$/, 'field.urn_format', {
  example: 'urn:jointplan:policy:MAR',
});
const text = z.string().trim().min(1).max(80);

const nationalLevelSchema = z.strictObject({
  token: token.describe("the level's token in labels of this policy"),
  common: classificationSchema.describe('where the level stands on the common order'),
  native: text.describe('the marking as the party writes it'),
  markings: z.strictObject({ fr: text, en: text, ar: text, he: text }).describe('the marking in each language'),
});

const partnerLevelSchema = z
  .strictObject({ token, common: classificationSchema, native: text })
  .describe("a level of the partner's ladder, as the agreement lists it");

const agreementSchema = z.strictObject({
  party: partyCodeSchema,
  installation: z.string().min(1).max(80).describe("the partner installation's name, as its bundles give it"),
  policyIdentifier: urn.describe("the partner's policy, as its labels name it"),
  agreement: text.describe('the security agreement the tables come from'),
  ladder: z.array(partnerLevelSchema).min(1).max(20),
  inbound: z.record(token, token).describe("partner's level -> local level protecting what the partner sends"),
  outbound: z.record(token, token).describe("local level -> partner's level protecting what is sent to the partner"),
  compartments: z.array(compartmentCodeSchema).max(60).default([]).describe('compartments the agreement lets travel'),
});

export const securityPolicySchema = z
  .strictObject({
    format: z.literal(POLICY_FORMAT),
    version: z.literal(1),
    policyIdentifier: urn,
    party: partyCodeSchema,
    installation: z.string().min(1).max(80),
    ladder: z.array(nationalLevelSchema).min(1).max(20),
    partners: z.array(agreementSchema).max(60),
  })
  .superRefine((p, ctx) => {
    const add = (code: Parameters<typeof refusing>[0], path: (string | number)[], params = {}) =>
      ctx.addIssue({ code: 'custom', ...refusing(code, path, params) });
    checkLadder(p.ladder, ['ladder'], add);
    const seen = new Set<string>();
    p.partners.forEach((a, i) => {
      const at = ['partners', i];
      if (a.party === p.party) add('exchange.policy_self_partner', [...at, 'party'], { party: a.party });
      if (seen.has(a.party)) add('exchange.policy_partner_twice', [...at, 'party'], { party: a.party });
      seen.add(a.party);
      checkLadder(a.ladder, [...at, 'ladder'], add);
      checkTable(a.inbound, a.ladder, p.ladder, [...at, 'inbound'], add);
      checkTable(a.outbound, p.ladder, a.ladder, [...at, 'outbound'], add);
    });
  });

export type SecurityPolicy = z.infer<typeof securityPolicySchema>;
export type Agreement = SecurityPolicy['partners'][number];
type Level = { token: string; common: Classification };
type Add = (code: Parameters<typeof refusing>[0], path: (string | number)[], params?: Record<string, string>) => void;

/** A ladder climbs strictly on the common order, each token once. */
function checkLadder(ladder: readonly Level[], at: (string | number)[], add: Add) {
  ladder.forEach((l, i) => {
    const before = ladder[i - 1];
    if (before && levelOf(l.common) <= levelOf(before.common))
      add('exchange.policy_ladder_order', [...at, i, 'common'], { token: l.token });
  });
}

/**
 * An equivalence table maps levels of `from` to levels of `to`: every token known, no level protected
 * below where it stands on the common order, and a higher level never mapped below a lower one.
 */
function checkTable(
  table: Record<string, string>,
  from: readonly Level[],
  to: readonly Level[],
  at: (string | number)[],
  add: Add,
) {
  const fromLevel = new Map(from.map((l) => [l.token, l.common]));
  const toLevel = new Map(to.map((l) => [l.token, l.common]));
  const pairs: [Classification, Classification][] = [];
  for (const [source, target] of Object.entries(table)) {
    const s = fromLevel.get(source);
    const t = toLevel.get(target);
    if (!s) add('exchange.policy_unknown_level', [...at, source], { token: source });
    if (!t) add('exchange.policy_unknown_level', [...at, source], { token: target });
    if (!s || !t) continue;
    if (levelOf(t) < levelOf(s)) add('exchange.policy_lowers_protection', [...at, source], { token: source, to: target });
    pairs.push([s, t]);
  }
  for (const [s1, t1] of pairs)
    for (const [s2, t2] of pairs)
      if (levelOf(s1) < levelOf(s2) && levelOf(t1) > levelOf(t2)) {
        add('exchange.policy_not_monotone', at);
        return;
      }
}

/** The policy of a file, or the coded error listing every problem of the file. */
export function parseSecurityPolicy(json: unknown): SecurityPolicy {
  const parsed = securityPolicySchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => zodFieldIssue(i.path.join('.'), i));
  throw problem('exchange.policy_invalid', { count: issues.length }, issues);
}

/** The agreement with a partner party; a party without one is refused. */
export function agreementWith(policy: SecurityPolicy, party: string): Agreement {
  const a = policy.partners.find((x) => x.party === party);
  if (!a) throw problem('exchange.unknown_partner', { party });
  return a;
}

/**
 * The national level a record of the common order is protected at here: the level at that place of
 * the ladder or, at a gap, the next one up (never lower). Above the top of the ladder: none.
 */
export function nationalLevel(policy: Pick<SecurityPolicy, 'ladder'>, classification: Classification) {
  const level = policy.ladder.find((l) => levelOf(l.common) >= levelOf(classification));
  if (!level) throw problem('exchange.no_national_level', { classification });
  return level;
}

/**
 * The label a record of this installation leaves with: this policy's level for its classification,
 * its owner and release list as a permissive category, its compartments as a restrictive one. Only
 * the party's own records get a label here: a received record keeps its originator's.
 */
export function toConfidentialityLabel(policy: SecurityPolicy, label: Label, creationTime: string): ConfidentialityLabel {
  if (label.ownerParty !== policy.party) throw problem('exchange.not_originator', { party: label.ownerParty });
  return {
    policyIdentifier: policy.policyIdentifier,
    classification: nationalLevel(policy, label.classification).token,
    categories: categoriesOf(label),
    originator: { party: policy.party, installation: policy.installation },
    creationTime,
  };
}

/** What a partner receives for a record of this installation: its label, and the partner's level protecting it. */
export interface Outbound {
  label: ConfidentialityLabel;
  /** The partner's level, by the agreement's outbound table. */
  partnerLevel: string;
}

/**
 * The label a local record goes to `partner` with, refused when the record is not releasable to the
 * partner, when the agreement has no equivalence for its level, or when one of its compartments is
 * not one the agreement lets travel.
 */
export function outboundLabel(policy: SecurityPolicy, label: Label, partner: string, creationTime: string): Outbound {
  const agreement = agreementWith(policy, partner);
  const out = toConfidentialityLabel(policy, label, creationTime);
  if (!categoryValues(out, RELEASABLE_TO, 'permissive').includes(partner))
    throw problem('exchange.not_releasable_to', { party: partner });
  const partnerLevel = agreement.outbound[out.classification];
  if (!partnerLevel) throw problem('exchange.no_equivalence', { party: partner, token: out.classification });
  const compartment = label.compartments.find((c) => !agreement.compartments.includes(c));
  if (compartment) throw problem('exchange.compartment_not_agreed', { party: partner, compartment });
  return { label: out, partnerLevel };
}

/**
 * The reader a partner party is for this installation's read rule, when choosing what to send it: the
 * partner's party, cleared up to the highest level below which every level of the common order has an
 * outbound equivalent in the agreement, holding the compartments the agreement lets travel. Null when
 * the agreement lets nothing travel. This reader alone would also read records the partner owns and
 * records of third parties released to the partner: the export adds that the record (and its plan and
 * activity) is owned by this installation's party, and labels each one it sends with `outboundLabel`.
 */
export function partnerReader(policy: SecurityPolicy, partner: string): Reader | null {
  const agreement = agreementWith(policy, partner);
  let clearance: Classification | null = null;
  for (const c of CLASSIFICATIONS) {
    const national = policy.ladder.find((l) => levelOf(l.common) >= levelOf(c));
    if (!national || !agreement.outbound[national.token]) break;
    clearance = c;
  }
  return clearance ? { party: partner, clearance, compartments: [...agreement.compartments] } : null;
}

/** A record's label as received: the originator's, kept as it came, and the local equivalent the read rule uses. */
export interface ReceivedLabel {
  originator: ConfidentialityLabel;
  /** The local level the agreement maps the originator's level to. */
  localLevel: string;
  local: Label;
}

/**
 * The local equivalent of a label received from a partner. Refused, never guessed, when the label is
 * not of the partner's policy, when its level is not in the agreement's inbound table, when a
 * category is one the agreement does not know, or when this installation's party is not among those
 * the record is releasable to.
 */
export function receivedLabel(policy: SecurityPolicy, label: ConfidentialityLabel): ReceivedLabel {
  const agreement = agreementWith(policy, label.originator.party);
  if (label.policyIdentifier !== agreement.policyIdentifier || label.originator.installation !== agreement.installation)
    throw problem('exchange.unknown_policy', { party: agreement.party, policy: label.policyIdentifier });
  const localLevel = agreement.inbound[label.classification];
  const local = policy.ladder.find((l) => l.token === localLevel);
  if (!localLevel || !local) throw problem('exchange.no_equivalence', { party: agreement.party, token: label.classification });
  for (const c of label.categories) {
    const known =
      c.type === 'informative' ||
      (c.type === 'permissive' && c.tagName === RELEASABLE_TO) ||
      (c.type === 'restrictive' && c.tagName === COMPARTMENT);
    if (!known) throw problem('exchange.unknown_category', { party: agreement.party, category: c.tagName });
  }
  const parties = categoryValues(label, RELEASABLE_TO, 'permissive');
  if (!parties.includes(policy.party)) throw problem('exchange.not_releasable_here', { party: policy.party });
  const compartments = categoryValues(label, COMPARTMENT, 'restrictive');
  const compartment = compartments.find((c) => !agreement.compartments.includes(c));
  if (compartment) throw problem('exchange.compartment_not_agreed', { party: agreement.party, compartment });
  return {
    originator: label,
    localLevel,
    local: {
      ownerParty: agreement.party,
      classification: local.common,
      releasableTo: parties.filter((p) => p !== agreement.party),
      compartments,
    },
  };
}

/** The marking of a level of the common order here, in a language: the national level's (next up at a gap). */
export const localMarking = (policy: SecurityPolicy, classification: Classification, lang: PolicyLanguage) =>
  nationalLevel(policy, classification).markings[lang];

/** The marking of a received record: the local one, with the originator's own in brackets: `SECRET [סודי]`. */
export function receivedMarking(policy: SecurityPolicy, received: ReceivedLabel, lang: PolicyLanguage): string {
  const local = policy.ladder.find((l) => l.token === received.localLevel);
  const agreement = agreementWith(policy, received.originator.originator.party);
  const theirs = agreement.ladder.find((l) => l.token === received.originator.classification);
  return `${local?.markings[lang] ?? received.localLevel} [${theirs?.native ?? received.originator.classification}]`;
}
