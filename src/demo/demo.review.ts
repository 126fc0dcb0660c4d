import type { ActionItemStatus } from '../domain/action-item.lifecycle.js';
import type { Classification } from '../domain/labels.js';
import { type PlannedPeriod, periodOf } from '../domain/period.js';
import { type AccountKey, type DemoActivity, HEADS_OF_DELEGATION, type OrgKey } from './demo.content.js';

/*
 * The review loop of the demo: the agenda, minutes, decisions and action items
 * of the 3rd session, the objectives of the 2026 plan with their indicators,
 * the plan's amendment after the mid-year review, and the 4th session in
 * preparation. What the articles report is cited ([A], [B]); the wording of
 * decisions, dates, due dates, values and the course of each action item are
 * invented and say so ("illustratif").
 *
 * Like the demo's content, each record is data, read against its sources:
 * what recurs in a record (an indicator's unit, target and measurements) is
 * written as a row of values.
 */

/** Labels written by the host of the 3rd session (Israel), released to Morocco. */
const relMar = (classification: Classification) => ({ classification, releasableTo: ['MAR'], compartments: [] });
/** Labels written by Morocco, owner of the plan, released to Israel. */
const relIsr = (classification: Classification) => ({ classification, releasableTo: ['ISR'], compartments: [] });

/**
 * The installation came into use around the 3rd session: its record, agenda
 * and minutes are entered on return from Tel Aviv, the day the plan is, and
 * each party approves the minutes the day it approves the plan.
 */
export const SESSION_STORY = {
  minutesApprovedByMar: '2026-01-14',
  minutesApprovedByIsr: '2026-01-15',
};

/** One move of an action item, by whom, on the day it happened (as of 2026-11-23). */
export interface ActionItemStep {
  on: string;
  to: Exclude<ActionItemStatus, 'open'>;
  by: AccountKey;
  reason?: string;
}

export interface DemoActionItem {
  title: string;
  responsibleParty: 'MAR' | 'ISR';
  responsibleOrganisation: OrgKey;
  dueDate: string;
  /** The activity the action item is about, by reference code; otherwise it is about the plan. */
  activity?: string;
  story: ActionItemStep[];
}

export interface DemoAgendaItem {
  title: string;
  label: { classification: Classification; releasableTo: string[]; compartments: string[] };
  summary: string;
  decisions: string;
  actionItems: DemoActionItem[];
}

const ILLUSTRATIVE_DECISION =
  'Formulation de la décision, responsables et échéances : illustratifs (les articles ne détaillent pas les décisions).';

/** A move of an action item: on which day, to what, by whom, and why if a reason was given. */
const moved = (on: string, to: ActionItemStep['to'], by: AccountKey, reason?: string): ActionItemStep =>
  reason === undefined ? { on, to, by } : { on, to, by, reason };

/**
 * An action item: what is to be done; who answers for it (party, organisation), by when, and the
 * activity it is about if any; and its moves.
 */
const actionItem = (
  title: string,
  [responsibleParty, responsibleOrganisation, dueDate, activity]: [DemoActionItem['responsibleParty'], OrgKey, string, string?],
  story: ActionItemStep[],
): DemoActionItem =>
  activity === undefined
    ? { title, responsibleParty, responsibleOrganisation, dueDate, story }
    : { title, responsibleParty, responsibleOrganisation, dueDate, activity, story };

/**
 * An agenda item of the session: its title, Morocco's label at the level given, what was said, what was decided
 * (its wording illustrative) and the action items that follow from it.
 */
const agendaItem = (
  title: string,
  classification: Classification,
  summary: string,
  decisions: string,
  actionItems: DemoActionItem[],
): DemoAgendaItem => ({
  title,
  label: relMar(classification),
  summary,
  decisions: `${decisions} ${ILLUSTRATIVE_DECISION}`,
  actionItems,
});

// Deliberately alike: rows of one table share their shape, each holding one agenda item's own record.
/** The agenda of the 3rd session (Tel Aviv, January 2026), following what the articles report. */
export const AGENDA: DemoAgendaItem[] = [
  agendaItem(
    'Planification à long terme, renforcement des capacités et objectifs communs de coopération',
    'UNCLASSIFIED',
    'Au cœur des échanges : la planification à long terme, le renforcement des capacités militaires et les objectifs communs de coopération [A]. Les deux délégations retiennent une méthode fondée sur la concertation régulière, la préparation commune et l’échange d’expertise [B].',
    'Arrêter conjointement les objectifs communs de coopération du plan 2026 et les indicateurs qui en mesurent les progrès ; proposer un horizon de planification commun au-delà de 2026.',
    [
      actionItem(
        'Arrêter les objectifs communs de coopération du plan 2026 et leurs indicateurs',
        ['MAR', 'marPlanning', '2026-03-31'],
        [moved('2026-03-20', 'done', 'mar.planner', 'Quatre objectifs et huit indicateurs saisis.')],
      ),
      actionItem(
        'Proposer un horizon de planification commun à long terme (2027–2030)',
        ['ISR', 'isrPlanning', '2026-09-30'],
        [moved('2026-06-01', 'in_progress', 'isr.planner')],
      ),
    ],
  ),
  agendaItem(
    'Planification, logistique et organisation des forces : visites d’unités',
    'RESTRICTED',
    'Des délégations marocaines ont visité différentes unités israéliennes, avec des discussions centrées sur la planification, la logistique et l’organisation des forces ; l’objectif affiché est une compréhension mutuelle des modes opératoires, afin de gagner en efficacité lors d’éventuelles coopérations futures [B]. Visites d’unités opérationnelles au programme de la commission [A].',
    'Poursuivre les visites d’unités en 2026 en deux cycles et consigner chaque échange dans des fiches de synthèse partagées.',
    [
      actionItem(
        'Transmettre les fiches de synthèse des échanges sur la logistique et l’organisation des forces',
        ['MAR', 'marInspection', '2026-04-30', '2026-LOG-01'],
        [moved('2026-04-28', 'done', 'mar.contributor', 'Fiches de synthèse remises.')],
      ),
      actionItem('Confirmer les unités hôtes du second cycle de visites', ['ISR', 'isrTevel', '2026-08-31', '2026-FOR-02'], []),
    ],
  ),
  agendaItem(
    'Mécanismes de partage d’informations et coordination face aux menaces communes',
    'SECRET',
    'Sans communication détaillée sur leur contenu, les travaux ont porté sur l’amélioration des mécanismes de partage d’informations et sur la coordination face à des menaces identifiées comme communes ; il s’agit de passer de contacts ponctuels à une coopération structurée et suivie [B].',
    'Proposer les modalités d’un canal d’échange dédié ; tenir des entretiens de coordination au second semestre.',
    [
      actionItem(
        'Proposer les modalités d’un canal d’échange d’informations dédié',
        ['MAR', 'marInspection', '2026-05-31', '2026-INT-01'],
        [
          moved('2026-05-04', 'in_progress', 'mar.planner'),
          moved('2026-06-15', 'done', 'mar.planner', 'Canal dédié et procédure de mise à jour mensuelle convenus.'),
        ],
      ),
      actionItem(
        'Tenir les entretiens de coordination face aux menaces communes',
        ['ISR', 'isrPlanning', '2026-10-31', '2026-INT-02'],
        [moved('2026-09-28', 'in_progress', 'isr.planner')],
      ),
    ],
  ),
  agendaItem(
    'Acquisitions et projets industriels : programme ATMOS 2000, sites de production d’Elbit Systems',
    'CONFIDENTIAL',
    'Le plan prévoit l’acquisition d’équipements défensifs et offensifs auprès d’Elbit Systems. Le Maroc a retenu 36 systèmes d’artillerie automoteurs ATMOS 2000 sur camions Tatra, pour environ 1,9 milliard de dirhams, préférés au CAESAR de KNDS après une évaluation comparative. Elbit Systems a exprimé son intention d’établir deux sites de production au Maroc, dont un potentiellement dans la région de Casablanca [A].',
    'Suivre le programme ATMOS 2000 par des revues trimestrielles ; présenter les options d’implantation des deux sites de production ; organiser un échange d’experts sur la défense aérienne multicouche (Barak MX [A]).',
    [
      actionItem(
        'Communiquer le calendrier de livraison des 36 systèmes ATMOS 2000',
        ['ISR', 'elbit', '2026-03-31', '2026-IND-02'],
        [moved('2026-04-10', 'done', 'isr.contributor', 'Calendrier présenté lors de la revue trimestrielle.')],
      ),
      actionItem(
        'Présenter les options d’implantation des deux sites de production d’Elbit Systems',
        ['ISR', 'elbit', '2026-06-30', '2026-IND-04'],
        [
          moved('2026-05-28', 'in_progress', 'isr.planner'),
          moved('2026-09-24', 'done', 'isr.planner', 'Deux sites candidats présentés et visités.'),
        ],
      ),
      actionItem(
        'Organiser un échange d’experts sur la défense aérienne multicouche',
        ['MAR', 'marInspection', '2026-05-31', '2026-TRN-03'],
        [
          moved(
            '2026-04-20',
            'dropped',
            'mar.planner',
            'Sans objet : l’échange d’experts est annulé d’un commun accord, le sujet étant traité dans le cadre du programme concerné (motif illustratif).',
          ),
        ],
      ),
    ],
  ),
  agendaItem(
    'Coopération tripartite avec les États-Unis : complexe d’industrie militaire de Benslimane',
    'RESTRICTED',
    'Dans le cadre d’une coopération tripartite avec les États-Unis, un complexe d’industrie militaire devrait voir le jour dans la région de Benslimane, entre Rabat et Casablanca, avec une priorité accordée aux équipements de nouvelle génération [A].',
    'Constituer un groupe de travail tripartite ; reconnaître le site envisagé et en rendre compte.',
    [
      actionItem(
        'Constituer le groupe de travail tripartite du complexe de Benslimane',
        ['MAR', 'marInspection', '2026-04-30', '2026-IND-05'],
        [moved('2026-05-04', 'done', 'mar.planner', 'Groupe de travail tripartite constitué.')],
      ),
      actionItem(
        'Remettre le rapport de reconnaissance du site de Benslimane',
        ['MAR', 'marInspection', '2026-10-31', '2026-IND-06'],
        [moved('2026-08-27', 'in_progress', 'mar.contributor')],
      ),
    ],
  ),
  agendaItem(
    'Adoption du plan de travail militaire conjoint 2026',
    'UNCLASSIFIED',
    'Le plan de travail militaire pour 2026 est validé à l’issue de plusieurs jours d’échanges entre responsables des deux armées ; il fixe un cadre d’actions, des priorités et des mécanismes de suivi qui rendent la coopération mesurable et opérationnelle [B].',
    'La Commission adopte le plan de travail 2026 et le soumet à l’approbation des deux parties ; la 4e session se tiendra à Rabat en décembre 2026.',
    [
      actionItem(
        'Diffuser le plan approuvé aux états-majors et directions concernés',
        ['MAR', 'marPlanning', '2026-01-31'],
        [moved('2026-01-16', 'done', 'mar.planner', 'Plan diffusé.')],
      ),
      actionItem(
        'Préparer le projet de plan de travail 2027 pour la 4e session',
        ['MAR', 'marPlanning', '2026-12-10'],
        [moved('2026-11-02', 'in_progress', 'mar.planner')],
      ),
    ],
  ),
];

/** A measured value of an indicator, entered on the day given. */
export interface DemoMeasurement {
  date: string;
  value: number;
  by: AccountKey;
}

export interface DemoIndicator {
  name: string;
  unit: string;
  baselineValue: number;
  targetValue: number;
  measurements: DemoMeasurement[];
}

export interface DemoObjective {
  title: { fr: string; en: string };
  description: { fr: string; en: string };
  label: { classification: Classification; releasableTo: string[]; compartments: string[] };
  activities: string[];
  indicators: DemoIndicator[];
}

/** Every indicator starts from the plan's entry into execution and aims at the end of the year. */
export const INDICATOR_PERIOD = { baselineDate: '2026-01-16', targetDate: '2026-12-31' };

/** Entered on the day the action item of the 3rd session asked for them. */
export const OBJECTIVES_ENTERED = '2026-03-20';

const ILLUSTRATIVE_VALUES = 'valeurs illustratives';

/**
 * An indicator with illustrative values, from its baseline to its target, measured by one user: each
 * measurement is a date and the value entered that day.
 */
const indicator = (
  name: string,
  unit: string,
  [baselineValue, targetValue]: [number, number],
  by: AccountKey,
  measured: [string, number][],
): DemoIndicator => ({
  name: `${name} (${ILLUSTRATIVE_VALUES})`,
  unit,
  baselineValue,
  targetValue,
  measurements: measured.map(([date, value]) => ({ date, value, by })),
});

/** The objective the talks on long-term planning serve (article A); the amendment's added activity serves it too. */
const LONG_TERM_PLANNING: DemoObjective = {
  title: {
    fr: 'Planification à long terme et objectifs communs de coopération',
    en: 'Long-term planning and common cooperation objectives',
  },
  description: {
    fr: 'La planification à long terme, le renforcement des capacités et les objectifs communs de coopération, au cœur des échanges de la 3e session (source : article A).',
    en: 'Long-term planning, capability building and common cooperation objectives, at the heart of the 3rd session’s talks (source: article A).',
  },
  label: relIsr('UNCLASSIFIED'),
  activities: ['2026-PLN-01', '2026-PLN-02', '2026-PLN-03', '2026-PLN-04'],
  indicators: [
    indicator('Objectifs communs de coopération arrêtés conjointement', 'objectifs', [0, 3], 'mar.planner', [['2026-05-26', 3]]),
    indicator('Réunions de concertation tenues', 'réunions', [0, 4], 'mar.contributor', [
      ['2026-03-31', 1],
      ['2026-06-30', 2],
      ['2026-09-30', 3],
    ]),
  ],
};

export const OBJECTIVES: DemoObjective[] = [
  LONG_TERM_PLANNING,
  {
    title: {
      fr: 'Interopérabilité : compréhension mutuelle des modes opératoires',
      en: 'Interoperability: mutual understanding of operating procedures',
    },
    description: {
      fr: 'Faciliter une compréhension mutuelle des modes opératoires, afin de gagner en efficacité lors d’éventuelles coopérations futures (source : article B).',
      en: 'A mutual understanding of operating procedures, for efficiency in possible future cooperation (source: article B).',
    },
    label: relIsr('UNCLASSIFIED'),
    activities: ['2026-FOR-01', '2026-FOR-02', '2026-LOG-01', '2026-LOG-02', '2026-DOC-01', '2026-DOC-02'],
    indicators: [
      indicator('Procédures comparées dans le tableau commun', 'procédures', [0, 12], 'mar.contributor', [
        ['2026-06-30', 5],
        ['2026-09-30', 7],
      ]),
      indicator(
        'Officiers des FAR ayant pris part à une visite d’unité ou à un séminaire conjoint',
        'officiers',
        [0, 40],
        'mar.contributor',
        [
          ['2026-03-31', 8],
          ['2026-06-30', 21],
          ['2026-09-30', 24],
        ],
      ),
    ],
  },
  {
    title: {
      fr: 'Partage d’informations et coordination face aux menaces communes',
      en: 'Information sharing and coordination against common threats',
    },
    description: {
      fr: 'L’amélioration des mécanismes de partage d’informations et la coordination face à des menaces identifiées comme communes (source : article B).',
      en: 'Better information-sharing mechanisms and coordination against threats identified as common (source: article B).',
    },
    label: relIsr('CONFIDENTIAL'),
    activities: ['2026-INT-01', '2026-INT-02'],
    indicators: [
      // An indicator that should fall: its target is below its baseline.
      indicator('Délai moyen de transmission d’une information partagée', 'jours', [10, 2], 'mar.planner', [
        ['2026-06-30', 6],
        ['2026-09-30', 4],
      ]),
      indicator('Mises à jour mensuelles échangées sur le canal dédié', 'mises à jour', [0, 6], 'mar.contributor', [
        ['2026-07-31', 1],
        ['2026-08-31', 2],
        ['2026-09-30', 3],
        ['2026-10-31', 4],
      ]),
    ],
  },
  {
    title: {
      fr: 'Coopération industrielle de défense et transfert de compétences',
      en: 'Defence-industrial cooperation and skills transfer',
    },
    description: {
      fr: 'Projets industriels, transferts de compétences et une approche combinant acquisition, formation et production (source : article B) ; ATMOS 2000, sites de production d’Elbit Systems et complexe de Benslimane (source : article A).',
      en: 'Industrial projects, skills transfer and an approach combining acquisition, training and production (source: article B); ATMOS 2000, Elbit Systems’ production sites and the Benslimane complex (source: article A).',
    },
    label: relIsr('RESTRICTED'),
    activities: [
      '2026-IND-01',
      '2026-IND-02',
      '2026-IND-03',
      '2026-IND-04',
      '2026-IND-05',
      '2026-IND-06',
      '2026-IND-07',
      '2026-TRN-01',
      '2026-TRN-02',
    ],
    indicators: [
      indicator('Personnels des FAR formés au titre du transfert de compétences', 'personnes', [0, 40], 'mar.contributor', [
        ['2026-08-05', 12],
      ]),
      indicator(
        'Étapes franchies du projet de Benslimane sur quatre : cadrage, groupe de travail, reconnaissance, rapport',
        'étapes',
        [0, 4],
        'mar.planner',
        [
          ['2026-04-21', 1],
          ['2026-05-04', 2],
          ['2026-08-27', 3],
        ],
      ),
    ],
  },
];

/**
 * The amendment of the 2026 plan after the mid-year review: an activity that
 * a decision of the 3rd session called for is added, and the joint
 * preparation of the 4th session is moved before it.
 */
export const AMENDMENT: {
  opened: string;
  changed: string;
  proposed: string;
  approvedByMar: string;
  approvedByIsr: string;
  reason: string;
  added: DemoActivity;
  /** The objective the added activity serves, linked to it once it is in the plan. */
  serves: DemoObjective;
  moved: { refCode: string; plannedPeriod: PlannedPeriod };
} = {
  opened: '2026-07-08',
  changed: '2026-07-09',
  proposed: '2026-07-10',
  approvedByMar: '2026-07-13',
  approvedByIsr: '2026-07-15',
  reason:
    'Revue à mi-parcours de juillet 2026 : ajout d’un groupe de travail sur l’horizon de planification 2027–2030, demandé par une décision de la 3e session ; préparation commune de la 4e session avancée à novembre, la session étant prévue à Rabat à la mi-décembre (motif et dates illustratifs).',
  added: {
    refCode: '2026-PLN-06',
    source: 'A',
    title: {
      fr: 'Groupe de travail sur l’horizon de planification à long terme (2027–2030)',
      en: 'Working group on the long-term planning horizon (2027–2030)',
      he: 'צוות עבודה לאופק תכנון ארוך טווח (2027–2030)',
    },
    description: {
      fr: 'Prolonger les échanges sur la planification à long terme, au cœur des travaux de la commission (source : article A). Ajouté par l’amendement 1 ; dates, lieu, code et déroulement : illustratifs.',
      en: 'Following up the talks on long-term planning, at the heart of the commission’s work (source: article A). Added by amendment 1; dates, place, code and course of events: illustrative.',
    },
    type: 'staff_talks',
    domain: 'planning',
    leadParty: 'ISR',
    participatingParties: ['MAR'],
    leadOrganisation: 'isrPlanning',
    location: 'Tel-Aviv',
    plannedPeriod: periodOf('2026-12'),
    priority: 2,
    ...relIsr('UNCLASSIFIED'),
    story: [{ on: '2026-10-20', to: 'scheduled', reason: 'Réunion fixée les 8 et 9 décembre (illustratif).' }],
  },
  // The working group follows up the talks on long-term planning (article A).
  serves: LONG_TERM_PLANNING,
  moved: { refCode: '2026-PLN-04', plannedPeriod: periodOf('2026-11') },
};

/** The 4th session, in preparation as of 2026-11-23: entered in October, its agenda prepared in November. */
export const NEXT_SESSION = {
  entered: '2026-10-12',
  agendaPrepared: '2026-11-16',
  session: {
    number: 4,
    startDate: '2026-12-14',
    endDate: '2026-12-16',
    place: 'Rabat',
    hostParty: 'MAR',
    delegations: [HEADS_OF_DELEGATION.MAR, HEADS_OF_DELEGATION.ISR],
    minutes: null,
    sourceId: null,
    ...relIsr('UNCLASSIFIED'),
  },
  /** Items of its own, beside what preparing the agenda carries forward. */
  freeItems: [
    {
      title: 'Bilan de l’exécution du plan 2026 et projet de plan de travail 2027 (dates de la session illustratives)',
      ...relIsr('UNCLASSIFIED'),
    },
  ],
};
