import type { z } from 'zod';
import type { Actor, AppContext } from '../app/context.js';
import { listProjects } from '../app/industrial-project.usecases.js';
import { createClaim, createObligation, moveClaim } from '../app/offset.usecases.js';
import { listProgrammes } from '../app/programme.usecases.js';
import { type ClaimMoveInput, claimCreateSchema, type Obligation, obligationCreateSchema } from '../domain/offset.schema.js';
import { ATMOS } from './demo.programmes.js';

/*
 * The offset obligation of the ATMOS 2000 contract and its first credit
 * claims, loaded through the same use cases people use. What the seed
 * articles say, and cite (A: mediaterranee.com citing Maariv citing Business
 * Insider; B: the second article): Morocco bought 36 ATMOS 2000 from Elbit
 * Systems for about 1.9 billion dirhams (A), Elbit intends two production
 * sites in Morocco, one possibly near Casablanca (A), and the plan combines
 * acquisition, training and production with a transfer of skills (B). The
 * articles say nothing of an offset agreement: the obligation itself, its
 * percentage, deadline, penalty and multipliers (chosen within the range of
 * India's DAP-2020, 1.5 to 4), every claim, value, date and decision are
 * illustrative, and each record says so ("illustratif").
 *
 * Who does what, as a buyer state's offset authority would run it: Morocco's
 * planner states the obligation and reviews the claims; Israel's planner,
 * for the supplier side, claims. The obligation and the claims take the
 * programme's label (Morocco's, released to Israel), so usa.viewer sees none.
 */

const A = 'article A (mediaterranee.com, citant Maariv, citant Business Insider)';
const B = 'article B';

// An obligation has a title and no notes: the title stays short, as lists and the report's columns show it; the
// contract it is laid on (about 1.9 billion dirhams) cites its source (A) in the programme's description.
export const ATMOS_OBLIGATION: Omit<z.input<typeof obligationCreateSchema>, 'programmeId'> = {
  title: {
    fr: 'Compensation industrielle du contrat ATMOS 2000 (termes illustratifs)',
    en: 'Industrial offset of the ATMOS 2000 contract (illustrative terms)',
    ar: 'المقاصة الصناعية لعقد ATMOS 2000 (شروط توضيحية)',
    he: 'אופסט תעשייתי של חוזה ATMOS 2000 (תנאים להמחשה)',
  },
  obligorParty: 'ISR',
  beneficiaryParty: 'MAR',
  requiredPercentage: '50',
  deadline: '2032-12-31',
  penaltyPercentage: '5',
  multipliers: [
    { category: 'technology_transfer', multiplier: '3' },
    { category: 'local_production', multiplier: '1.5' },
    { category: 'training', multiplier: '2' },
    { category: 'research_development', multiplier: '4' },
    { category: 'investment', multiplier: '1.5' },
  ],
};

type ClaimInput = z.input<typeof claimCreateSchema>;

interface DemoClaim {
  key: string;
  input: ClaimInput;
  /** Links the claim to the Casablanca production site (a proposed site: its claim is only under review). */
  fromCasablancaSite?: boolean;
  steps: (Omit<ClaimMoveInput, 'on'> & { on: string })[];
}

type ClaimStep = DemoClaim['steps'][number];

/**
 * A claim in dirhams, entered on its day and put under review on another, then
 * granted or refused by the decision given, if any yet.
 */
const claim = (
  key: string,
  [source, category, amount, claimedOn]: [ClaimInput['source'], ClaimInput['category'], string, string],
  evidence: string,
  underReviewOn: string,
  decision?: ClaimStep,
  fromCasablancaSite?: true,
): DemoClaim => ({
  key,
  ...(fromCasablancaSite && { fromCasablancaSite }),
  input: { source, category, value: { amount, currency: 'MAD' }, evidence, claimedOn },
  steps: [{ to: 'under_review', on: underReviewOn }, ...(decision ? [decision] : [])],
});

/*
 * What was granted in 2026 came from what was done that year: skills of the
 * systems delivered handed over to Moroccan maintainers (B), and training. The
 * Casablanca production site is only proposed (A: an intention): its transfer
 * item is planned, not accepted, so the claim made for it waits under review.
 */
export const ATMOS_CLAIMS: DemoClaim[] = [
  claim(
    'transfer',
    ['purchase', 'technology_transfer', '120000000.00', '2026-05-04'],
    `Transfert des compétences de maintenance de l’ATMOS 2000 aux mainteneurs marocains des systèmes livrés : procès-verbal de réception TT-01 (référence, montant et dates illustratifs). Transfert de compétences (source : ${B}).`,
    '2026-05-20',
    { to: 'granted', on: '2026-07-15', acceptedValue: '100000000.00' },
  ),
  claim(
    'training',
    ['purchase', 'training', '40000000.00', '2026-06-10'],
    'Formation des équipages et mainteneurs marocains de l’ATMOS 2000 : attestations de stage FO-01 à FO-04 (références, montant et dates illustratifs).',
    '2026-06-22',
    { to: 'granted', on: '2026-09-10', acceptedValue: '40000000.00' },
  ),
  claim(
    'research',
    ['purchase', 'research_development', '25000000.00', '2026-08-03'],
    'Étude de conception confiée à un bureau d’études : contrat RD-01 (référence, montant et dates illustratifs).',
    '2026-08-17',
    {
      to: 'refused',
      on: '2026-09-30',
      reason: 'Les pièces ne montrent pas de travaux réalisés au Maroc (décision illustrative).',
    },
  ),
  claim(
    'site_transfer',
    ['industrial_project', 'technology_transfer', '30000000.00', '2026-10-01'],
    `Transfert de technologie prévu vers le site de production de la région de Casablanca : plan de transfert TT-02 signé (référence, montant et dates illustratifs) ; le site est proposé et le transfert n’est pas encore reçu. Intention d’Elbit d’établir deux sites de production au Maroc (source : ${A}).`,
    '2026-10-15',
    undefined,
    true,
  ),
];

/** One event of the demo's year: it runs on its day, in the order the days come. */
interface DemoEvent {
  on: string;
  run: () => Promise<unknown>;
}

/** The obligation stated once the contract is entered, then each claim and each step of its review on its day. */
export function offsetEvents(ctx: AppContext, actors: Record<'mar.planner' | 'isr.planner', Actor>): DemoEvent[] {
  const authority = actors['mar.planner'];
  const supplierSide = actors['isr.planner'];
  let obligation: Obligation | undefined;
  /** Each claim entered, at the version its last step left it. */
  const claims = new Map<string, { id: string; version: number }>();

  const atmosId = async () => {
    const found = (await listProgrammes(ctx, authority, { limit: 500 })).items.find(
      (p) => p.title.fr === ATMOS.programme.title.fr,
    );
    if (!found) throw new Error('no ATMOS 2000 programme for its offset obligation');
    return found.id;
  };
  const casablancaSite = async () => {
    const found = (await listProjects(ctx, supplierSide, { limit: 500 })).items.find((p) => p.title.en?.includes('Casablanca'));
    if (!found) throw new Error('no Casablanca production site for the transfer claim');
    return found.id;
  };

  const events: DemoEvent[] = [
    {
      on: ATMOS.story.contractEntered,
      run: async () => {
        obligation = await createObligation(
          ctx,
          authority,
          obligationCreateSchema.parse({ ...ATMOS_OBLIGATION, programmeId: await atmosId() }),
        );
      },
    },
  ];
  for (const c of ATMOS_CLAIMS) {
    events.push({
      on: c.input.claimedOn as string,
      run: async () => {
        if (!obligation) throw new Error('the ATMOS 2000 offset obligation is not stated yet');
        const input = c.fromCasablancaSite ? { ...c.input, industrialProjectId: await casablancaSite() } : c.input;
        const claim = await createClaim(ctx, supplierSide, obligation.id, claimCreateSchema.parse(input));
        claims.set(c.key, { id: claim.id, version: claim.version });
      },
    });
    for (const step of c.steps)
      events.push({
        on: step.on,
        run: async () => {
          const claim = claims.get(c.key);
          if (!claim) throw new Error(`the ${c.key} claim is not entered yet`);
          const moved = await moveClaim(ctx, authority, claim.id, { ...step, version: claim.version });
          claims.set(c.key, { id: moved.id, version: moved.version });
        },
      });
  }
  return events;
}
