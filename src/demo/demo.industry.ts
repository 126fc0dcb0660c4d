import type { z } from 'zod';
import type { Actor, AppContext } from '../app/context.js';
import {
  addCommitment,
  addProjectMilestone,
  addTransfer,
  createProject,
  moveProject,
} from '../app/industrial-project.usecases.js';
import { listProgrammes } from '../app/programme.usecases.js';
import {
  commitmentCreateSchema,
  type Project,
  projectCreateSchema,
  projectMilestoneCreateSchema,
  transferCreateSchema,
} from '../domain/industrial-project.schema.js';
import { ATMOS, NEEDS } from './demo.programmes.js';

/*
 * The industrial projects of the demo, loaded through the same use cases
 * people use. What the seed articles say, and cite (A: mediaterranee.com
 * citing Maariv citing Business Insider; B: the second article): Elbit
 * Systems intends two production sites in Morocco, one possibly in the
 * Casablanca region (A); a military-industrial complex is planned in the
 * Benslimane region, between Rabat and Casablanca, under a tripartite
 * cooperation with the United States, with priority to new-generation
 * equipment (A); acquisition, training and production are combined, with a
 * transfer of skills (B). Everything else (partners' names beyond the
 * parties, roles, cost shares, budgets, jobs, local content, dates and
 * milestones) is invented and says so ("illustratif") where the record shows it.
 *
 * Labels: the two Elbit sites are bilateral (Morocco's, released to Israel),
 * the Benslimane complex is released to Israel and the United States, so
 * that usa.viewer sees the tripartite project and not the bilateral ones.
 */

const A = 'article A (mediaterranee.com, citant Maariv, citant Business Insider)';
const A_EN = 'article A (mediaterranee.com, citing Maariv, citing Business Insider)';
const B = 'article B';

type ProjectInput = z.input<typeof projectCreateSchema>;

interface DemoProject {
  key: 'casablanca' | 'second_site' | 'benslimane';
  entered: string;
  /** The programme it comes from, by its French title. */
  programme: string;
  input: Omit<ProjectInput, 'programmeIds'>;
  moves: { on: string; to: 'agreed'; reason: string }[];
  milestones: z.input<typeof projectMilestoneCreateSchema>[];
  transfers: z.input<typeof transferCreateSchema>[];
  /**
   * Each partner's commitments, by the partner's party, with who enters them. A commitment holds one text, in the
   * language of the party that owns it: Israel's and the United States' in English, Morocco's in French.
   */
  commitments: {
    party: string;
    by: 'mar.planner' | 'isr.planner';
    input: Omit<z.input<typeof commitmentCreateSchema>, 'partnerId'>;
  }[];
}

const BENSLIMANE_PROGRAMME = NEEDS[1]?.input.title.fr ?? '';

/** Both of Elbit Systems' production sites: its partners and shares, and their label (illustrative). */
const ELBIT_SITE = {
  partners: [
    { name: 'Elbit Systems', party: 'ISR', role: 'prime', share: '60' },
    { name: 'Royaume du Maroc (Administration de la Défense nationale)', party: 'MAR', role: 'host_state', share: '40' },
  ],
  classification: 'CONFIDENTIAL',
  releasableTo: ['ISR'],
} satisfies Partial<DemoProject['input']>;

/** The milestone of a local-content target: `share` percent by `plannedOn` (illustrative). */
const localContentTarget = (share: string, plannedOn: string) =>
  ({
    kind: 'local_content_target',
    title: `Contenu local de ${share} % (cible illustrative)`,
    plannedOn,
    target: share,
  }) as const;

export const INDUSTRIAL_PROJECTS: DemoProject[] = [
  {
    key: 'casablanca',
    entered: '2026-03-02',
    programme: ATMOS.programme.title.fr,
    input: {
      title: {
        fr: 'Site de production d’Elbit Systems, région de Casablanca',
        en: 'Elbit Systems production site, Casablanca region',
      },
      description: {
        fr: `Elbit Systems a exprimé son intention d’établir deux sites de production au Maroc, dont un potentiellement dans la région de Casablanca (source : ${A}). Le plan combine acquisition, formation et production, avec un transfert de compétences (source : ${B}). Rattachement au programme ATMOS 2000, partenaires, parts du coût (illustratives), budget, emplois, contenu local et jalons : illustratifs.`,
        en: `Elbit Systems intends to establish two production sites in Morocco, one possibly in the Casablanca region (source: ${A_EN}). The plan combines acquisition, training and production, with a transfer of skills (source: ${B}). Link to the ATMOS 2000 programme, partners, cost shares (illustrative), budget, jobs, local content and milestones: illustrative.`,
      },
      kind: 'production_site',
      // The article names the region, not a place: no coordinates.
      site: { place: 'Région de Casablanca (emplacement non précisé par la source)' },
      budget: { amount: '350000000.00', currency: 'MAD' },
      jobsPlanned: 250,
      localContentPlanned: '30',
      ...ELBIT_SITE,
    },
    moves: [],
    milestones: [
      { kind: 'groundbreaking', title: 'Première pierre (date illustrative)', plannedOn: '2027-04-01' },
      { kind: 'first_article', title: 'Premier article produit (date illustrative)', plannedOn: '2028-03-01' },
      localContentTarget('30', '2029-12-31'),
    ],
    transfers: [
      {
        what: `Transfert de compétences de production (source : ${B}) ; contenu et date illustratifs`,
        from: 'Elbit Systems',
        to: 'Techniciens des Forces Armées Royales',
        plannedOn: '2028-01-15',
      },
    ],
    commitments: [
      {
        party: 'ISR',
        by: 'isr.planner',
        input: {
          what: 'Set up the production line and train the Moroccan staff (illustrative)',
          jobs: 250,
          classification: 'CONFIDENTIAL',
          releasableTo: ['MAR'],
        },
      },
    ],
  },
  {
    key: 'second_site',
    entered: '2026-03-02',
    programme: ATMOS.programme.title.fr,
    input: {
      title: {
        fr: 'Second site de production d’Elbit Systems au Maroc',
        en: 'Second Elbit Systems production site in Morocco',
      },
      description: {
        fr: `Second des deux sites de production qu’Elbit Systems entend établir au Maroc ; la source n’en précise pas l’emplacement (source : ${A}). Partenaires, parts du coût, budget et emplois : illustratifs.`,
        en: `The second of the two production sites Elbit Systems intends to establish in Morocco; the source does not say where (source: ${A_EN}). Partners, cost shares, budget and jobs: illustrative.`,
      },
      kind: 'production_site',
      site: { place: 'Maroc (emplacement non précisé par la source)' },
      budget: { amount: '200000000.00', currency: 'MAD' },
      jobsPlanned: 150,
      ...ELBIT_SITE,
    },
    moves: [],
    milestones: [],
    transfers: [],
    commitments: [],
  },
  {
    key: 'benslimane',
    entered: '2026-05-11',
    programme: BENSLIMANE_PROGRAMME,
    input: {
      title: {
        fr: 'Complexe d’industrie militaire de Benslimane (coopération tripartite)',
        en: 'Benslimane military-industrial complex (tripartite cooperation)',
      },
      description: {
        fr: `Dans le cadre d’une coopération tripartite avec les États-Unis, un complexe d’industrie militaire devrait voir le jour dans la région de Benslimane, entre Rabat et Casablanca, avec une priorité accordée aux équipements de nouvelle génération (source : ${A}). Rôles des trois parties et parts du coût : illustratifs, la source ne les donne pas. Budget, emplois, contenu local, coordonnées (ville de Benslimane, hors source), dates et jalons : illustratifs.`,
        en: `Under tripartite cooperation with the United States, a military-industrial complex is to be built in the Benslimane region, between Rabat and Casablanca, with priority to new-generation equipment (source: ${A_EN}). The three parties' roles and cost shares are illustrative: the source does not give them. Budget, jobs, local content, coordinates (the town of Benslimane, not from the source), dates and milestones: illustrative.`,
      },
      kind: 'joint_venture',
      site: { place: 'Région de Benslimane, entre Rabat et Casablanca', latitude: 33.6167, longitude: -7.1211 },
      budget: { amount: '500000000.00', currency: 'USD' },
      jobsPlanned: 1200,
      localContentPlanned: '40',
      partners: [
        { name: 'Royaume du Maroc', party: 'MAR', role: 'host_state', share: '40' },
        { name: 'Industrie de défense israélienne', party: 'ISR', role: 'technology_provider', share: '30' },
        { name: 'États-Unis d’Amérique', party: 'USA', role: 'financing_party', share: '30' },
      ],
      classification: 'RESTRICTED',
      releasableTo: ['ISR', 'USA'],
    },
    moves: [
      {
        on: '2026-06-15',
        to: 'agreed',
        reason: `Coopération tripartite Maroc – Israël – États-Unis (source : ${A}) ; date de l’accord illustrative.`,
      },
    ],
    milestones: [
      { kind: 'groundbreaking', title: 'Première pierre (date illustrative)', plannedOn: '2027-03-01' },
      { kind: 'first_article', title: 'Premier équipement de nouvelle génération (date illustrative)', plannedOn: '2028-06-01' },
      { kind: 'rate_production', title: 'Production en cadence (date illustrative)', plannedOn: '2029-06-01' },
      localContentTarget('40', '2030-12-31'),
    ],
    transfers: [
      {
        what: 'Procédés de fabrication d’équipements de nouvelle génération (illustratif)',
        from: 'Industrie de défense israélienne',
        to: 'Ingénieurs marocains du complexe',
        plannedOn: '2028-01-01',
      },
    ],
    commitments: [
      {
        party: 'MAR',
        by: 'mar.planner',
        input: {
          what: 'Mettre à disposition le terrain et les infrastructures du site (illustratif)',
          classification: 'RESTRICTED',
          releasableTo: ['ISR', 'USA'],
        },
      },
      {
        party: 'ISR',
        by: 'isr.planner',
        input: {
          what: 'Provide the processes and train 300 engineers (illustrative)',
          jobs: 300,
          classification: 'CONFIDENTIAL',
          releasableTo: ['MAR'],
        },
      },
      {
        // No American planner in the demo: Morocco, which owns the project, enters it for the United States.
        party: 'USA',
        by: 'mar.planner',
        input: {
          what: 'Fund the rate-production line (illustrative)',
          contribution: { amount: '150000000.00', currency: 'USD' },
          dueBy: '2029-06-01',
          classification: 'RESTRICTED',
          releasableTo: ['MAR'],
        },
      },
    ],
  },
];

/** One event of the demo's year: it runs on its day, in the order the days come. */
interface DemoEvent {
  on: string;
  run: () => Promise<unknown>;
}

/**
 * The industrial projects' events for the demo's timeline: each project
 * proposed by Morocco's planner once the programme it comes from is entered,
 * with its milestones, transfers and partners' commitments, then its moves.
 */
export function industryEvents(ctx: AppContext, actors: Record<'mar.planner' | 'isr.planner', Actor>): DemoEvent[] {
  const planner = actors['mar.planner'];
  const made = new Map<DemoProject['key'], Project>();

  const programmeId = async (title: string) => {
    const page = await listProgrammes(ctx, planner, { limit: 500 });
    const found = page.items.find((p) => p.title.fr === title);
    if (!found) throw new Error(`no demo programme "${title}" for an industrial project`);
    return found.id;
  };

  const enter = async (d: DemoProject) => {
    let p = await createProject(
      ctx,
      planner,
      projectCreateSchema.parse({ ...d.input, programmeIds: [await programmeId(d.programme)] }),
    );
    for (const m of d.milestones)
      p = await addProjectMilestone(ctx, planner, p.id, projectMilestoneCreateSchema.parse({ ...m, version: p.version }));
    for (const t of d.transfers)
      p = await addTransfer(ctx, planner, p.id, transferCreateSchema.parse({ ...t, version: p.version }));
    for (const c of d.commitments) {
      const partner = p.partners.find((x) => x.party === c.party);
      if (!partner) throw new Error(`no ${c.party} partner on ${d.key}`);
      await addCommitment(ctx, actors[c.by], p.id, commitmentCreateSchema.parse({ ...c.input, partnerId: partner.id }));
    }
    made.set(d.key, p);
  };

  return INDUSTRIAL_PROJECTS.flatMap((d): DemoEvent[] => [
    { on: d.entered, run: () => enter(d) },
    ...d.moves.map((m) => ({
      on: m.on,
      run: async () => {
        const p = made.get(d.key);
        if (!p) throw new Error(`the project ${d.key} is not entered yet`);
        made.set(d.key, await moveProject(ctx, planner, p.id, { to: m.to, reason: m.reason, version: p.version }));
      },
    })),
  ]);
}
