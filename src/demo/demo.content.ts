import type { ActivityCreate } from '../domain/activity.schema.js';
import type { Classification } from '../domain/labels.js';
import { type PlannedPeriod, periodOf } from '../domain/period.js';
import type { SourceCreate } from '../domain/source.schema.js';

/*
 * What the demo shows. Every fact comes from the two seed articles and cites
 * them (A: mediaterranee.com citing Maariv citing Business Insider; B: the
 * second article). Names of people, exact dates, reference codes and the
 * course of each activity through 2026 are invented to make the plan look
 * lived-in; each record that holds such values says so ("illustratif").
 *
 * Records are written out one by one, even where two have the same shape: they
 * are data, read and corrected one at a time against their sources, and a
 * generator would hide the facts a reader looks for.
 */

export const PARTIES: { code: string; name: Record<string, string> }[] = [
  { code: 'MAR', name: { fr: 'Maroc', en: 'Morocco', ar: 'المغرب', he: 'מרוקו' } },
  { code: 'ISR', name: { fr: 'Israël', en: 'Israel', ar: 'إسرائيل', he: 'ישראל' } },
  { code: 'USA', name: { fr: 'États-Unis', en: 'United States', ar: 'الولايات المتحدة', he: 'ארצות הברית' } },
  { code: 'FRA', name: { fr: 'France', en: 'France', ar: 'فرنسا', he: 'צרפת' } },
];

export const COMPARTMENTS = [
  { code: 'INDUS', name: 'Coopération industrielle et programmes (illustratif)' },
  { code: 'INTEL', name: 'Renseignement (illustratif)' },
];

export type OrgKey = 'marInspection' | 'marPlanning' | 'isrPlanning' | 'isrTevel' | 'elbit' | 'knds';

export const ORGANISATIONS: Record<OrgKey, { party: string; name: string; kind: string }> = {
  marInspection: { party: 'MAR', name: 'Inspection Générale des FAR (rôle illustratif)', kind: 'staff' },
  marPlanning: { party: 'MAR', name: 'Direction de la planification des FAR (illustratif)', kind: 'directorate' },
  isrPlanning: { party: 'ISR', name: 'IDF Planning Directorate', kind: 'directorate' },
  isrTevel: { party: 'ISR', name: 'Tevel division (international relations), IDF Planning Directorate', kind: 'division' },
  elbit: { party: 'ISR', name: 'Elbit Systems', kind: 'company' },
  knds: { party: 'FRA', name: 'KNDS', kind: 'company' },
};

/** Accounts beyond the fixed demo accounts: an activity lead per party, who writes follow-ups. */
export const CONTRIBUTORS = [
  {
    username: 'mar.contributor',
    displayName: 'Officier de liaison (MAR)',
    party: 'MAR',
    roles: ['contributor' as const],
    clearance: 'CONFIDENTIAL' as const,
    compartments: ['INDUS'],
  },
  {
    username: 'isr.contributor',
    displayName: 'Liaison officer (ISR)',
    party: 'ISR',
    roles: ['contributor' as const],
    clearance: 'CONFIDENTIAL' as const,
    compartments: [],
  },
  {
    username: 'usa.contributor',
    displayName: 'Liaison officer (USA)',
    party: 'USA',
    roles: ['contributor' as const],
    clearance: 'CONFIDENTIAL' as const,
    compartments: [],
  },
];

export type SourceKey = 'A' | 'B';

const PUBLIC = { classification: 'UNCLASSIFIED' as const, releasableTo: ['ISR', 'USA'], compartments: [] };

export const SOURCES: Record<SourceKey, SourceCreate> = {
  A: {
    kind: 'press_article',
    title: 'Maroc-Israël : un plan militaire conjoint pour 2026 renforce le partenariat stratégique',
    publisher: 'mediaterranee.com (citant le quotidien Maariv, citant Business Insider)',
    url: null,
    publishedOn: '2026-01-09',
    excerpt: [
      '« Le Maroc et Israël ont signé, début janvier 2026 à Tel-Aviv, un plan de travail militaire conjoint pour l’année en cours. Cet accord, conclu lors de la troisième réunion de la Commission militaire conjointe, marque une nouvelle étape dans le renforcement de la coopération sécuritaire entre les deux pays, cinq ans après la normalisation de leurs relations diplomatiques. »',
      '« Les discussions ont été conduites côté israélien par la Direction de la planification de l’armée et sa division Tevel, chargée des relations internationales. »',
      '« Le programme de cette commission a inclus des réunions techniques approfondies entre responsables militaires des deux pays, ainsi que des visites d’unités opérationnelles et d’industries de défense israéliennes. Au cœur des échanges : la planification à long terme, le renforcement des capacités militaires et les objectifs communs de coopération. »',
      '« Le Maroc a déjà sélectionné cette entreprise pour la fourniture de 36 systèmes d’artillerie automoteurs Atmos 2000, montés sur des camions Tatra, pour un montant d’environ 1,9 milliard de dirhams. […] l’Atmos 2000 a été préféré au système français Caesar de KNDS […]. Elbit Systems a également exprimé son intention d’établir deux sites de production au Maroc, dont un potentiellement dans la région de Casablanca. »',
      '« Dans le cadre d’une coopération tripartite avec les États-Unis […] un complexe d’industrie militaire devrait voir le jour dans la région de Benslimane, entre Rabat et Casablanca, avec une priorité accordée aux équipements de nouvelle génération. »',
      'Date de publication illustrative : l’article n’en donne pas.',
    ].join('\n\n'),
    ...PUBLIC,
  },
  B: {
    kind: 'press_article',
    title: 'Maroc-Israël : validation du plan de travail militaire commun pour 2026 (titre illustratif)',
    publisher: 'Presse marocaine en ligne (éditeur non identifié dans l’article ; illustratif)',
    url: null,
    publishedOn: '2026-01-10',
    excerpt: [
      '« Le plan de travail militaire pour 2026 a été validé à l’issue de plusieurs jours d’échanges entre responsables des deux armées, dans le cadre du troisième Comité militaire conjoint. […] il formalise une méthode de collaboration fondée sur la concertation régulière, la préparation commune et l’échange d’expertise. »',
      '« Des délégations marocaines ont effectué des visites au sein de différentes unités israéliennes, avec des discussions centrées sur la planification, la logistique et l’organisation des forces. […] L’objectif affiché est de faciliter une compréhension mutuelle des modes opératoires, afin de gagner en efficacité lors d’éventuelles coopérations futures. »',
      '« […] les travaux ont porté sur l’amélioration des mécanismes de partage d’informations et sur la coordination face à des menaces identifiées comme communes. »',
      '« Elle se matérialise par des projets industriels, des transferts de compétences et une montée en gamme progressive des capacités locales. […] une approche combinant acquisition, formation et production. »',
      '« Il fixe un cadre d’actions, des priorités et des mécanismes de suivi qui rendent la coopération mesurable et opérationnelle. »',
      'Titre, éditeur et date de publication illustratifs : l’article n’en donne pas.',
    ].join('\n\n'),
    ...PUBLIC,
  },
};

export const COMMISSION = {
  name: {
    fr: 'Commission militaire conjointe Maroc–Israël',
    en: 'Morocco–Israel Joint Military Commission',
    ar: 'اللجنة العسكرية المشتركة المغربية الإسرائيلية',
    he: 'הוועדה הצבאית המשותפת מרוקו–ישראל',
  },
  parties: ['MAR', 'ISR'],
  // The equivalence table of DOMAIN.md; the levels are illustrative, a real
  // installation takes them from its security agreement.
  classificationTable: {
    MAR: ['NON CLASSIFIÉ', 'DIFFUSION RESTREINTE', 'CONFIDENTIEL', 'SECRET', 'TRÈS SECRET'],
    ISR: ['בלמ"ס', null, 'שמור', 'סודי', 'סודי ביותר'],
    USA: ['UNCLASSIFIED', null, 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'],
  },
  classification: 'UNCLASSIFIED' as const,
  releasableTo: ['ISR'],
  compartments: [],
};

export const SESSION = {
  number: 3,
  startDate: '2026-01-05',
  endDate: '2026-01-08',
  place: 'Tel-Aviv',
  hostParty: 'ISR',
  delegations: [
    {
      party: 'MAR',
      name: 'Karim Bennani (nom illustratif)',
      title: 'Général de brigade',
      function: 'Chef de délégation',
      organisation: ORGANISATIONS.marInspection.name,
    },
    {
      party: 'MAR',
      name: 'Nadia El Idrissi (nom illustratif)',
      title: 'Colonel-major',
      function: 'Planification',
      organisation: ORGANISATIONS.marPlanning.name,
    },
    {
      party: 'ISR',
      name: 'Avi Cohen (illustrative name)',
      title: 'Brigadier General',
      function: 'Head of delegation',
      organisation: ORGANISATIONS.isrPlanning.name,
    },
    {
      party: 'ISR',
      name: 'Dana Levi (illustrative name)',
      title: 'Colonel',
      function: 'International relations',
      organisation: ORGANISATIONS.isrTevel.name,
    },
  ],
  minutes: [
    'Compte rendu sommaire de la 3e session de la Commission militaire conjointe (Tel-Aviv, début janvier 2026).',
    '1. La session s’est tenue à Tel-Aviv après plusieurs jours d’échanges entre responsables des deux armées [A, B], cinq ans après la reprise des relations diplomatiques en 2020 [A, B]. Côté israélien, les discussions ont été conduites par la Direction de la planification de l’armée et sa division Tevel (relations internationales) [A].',
    '2. Programme : réunions techniques approfondies ; visites d’unités opérationnelles et d’industries de défense israéliennes ; échanges sur la planification à long terme, le renforcement des capacités et les objectifs communs de coopération [A] ; discussions sur la planification, la logistique et l’organisation des forces ; amélioration des mécanismes de partage d’informations et coordination face aux menaces identifiées comme communes [B].',
    '3. Décision : la Commission adopte le plan de travail militaire conjoint pour 2026, qui fixe un cadre d’actions, des priorités et des mécanismes de suivi [B]. Le plan prévoit l’acquisition d’équipements auprès d’Elbit Systems (dont 36 systèmes ATMOS 2000 sur camions Tatra, environ 1,9 milliard de dirhams), l’intention d’Elbit d’établir deux sites de production au Maroc, et un complexe d’industrie militaire à Benslimane dans le cadre d’une coopération tripartite avec les États-Unis [A].',
    'Sources : [A] mediaterranee.com citant Maariv citant Business Insider ; [B] second article. Dates exactes de la session et noms des délégués : illustratifs.',
  ].join('\n\n'),
  classification: 'UNCLASSIFIED' as const,
  releasableTo: ['MAR'],
  compartments: [],
};

export const PLAN = {
  title: {
    fr: 'Plan de travail militaire conjoint 2026',
    en: '2026 joint military work plan',
    ar: 'خطة العمل العسكرية المشتركة لسنة 2026',
    he: 'תוכנית העבודה הצבאית המשותפת לשנת 2026',
  },
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  classification: 'RESTRICTED' as const,
  releasableTo: ['ISR'],
  compartments: [],
};

export type AccountKey = 'mar.planner' | 'isr.planner' | 'mar.contributor' | 'isr.contributor' | 'usa.contributor';

interface LabelOverride {
  classification?: Classification;
  releasableTo?: string[];
  compartments?: string[];
}

/** One thing that happens to an activity, on the day it happened (as of 2026-11-23). */
export type DemoStep =
  | { on: string; to: 'scheduled' | 'reported'; reason?: string }
  | { on: string; to: 'conducted'; actual: [string, string] }
  | { on: string; to: 'postponed'; period: PlannedPeriod; reason: string }
  | { on: string; to: 'cancelled'; reason: string }
  | {
      on: string;
      note: string;
      by: AccountKey;
      language: 'fr' | 'en' | 'ar' | 'he';
      kind?: 'note' | 'report';
      label?: LabelOverride;
    };

export interface DemoActivity extends Omit<ActivityCreate, 'sourceId' | 'leadOrganisationId' | 'plannedPeriod'> {
  source: SourceKey;
  leadOrganisation?: OrgKey;
  plannedPeriod: PlannedPeriod;
  story: DemoStep[];
}

const days = (start: string, end: string): PlannedPeriod => ({ start, end, precision: 'day' });

// Labels used below. Records releasable to the partner are the rule; a few
// stay with the owner party; the Benslimane project is released to the USA too.
const relIsr = (classification: Classification, compartments: string[] = []) => ({
  classification,
  releasableTo: ['ISR'],
  compartments,
});
const marOnly = (classification: Classification, compartments: string[] = []) => ({
  classification,
  releasableTo: [],
  compartments,
});
const tripartite = (classification: Classification) => ({ classification, releasableTo: ['ISR', 'USA'], compartments: [] });

/** The note every description ends with: what the articles do not say is invented. */
const ILLUSTRATIVE = {
  fr: 'Dates, lieu, code et déroulement : illustratifs.',
  en: 'Dates, place, code and course of events: illustrative.',
};
const sourced = (fr: string, en: string, source: SourceKey) => ({
  fr: `${fr} (source : article ${source}). ${ILLUSTRATIVE.fr}`,
  en: `${en} (source: article ${source}). ${ILLUSTRATIVE.en}`,
});

export const ACTIVITIES: DemoActivity[] = [
  {
    refCode: '2026-PLN-01',
    source: 'A',
    title: {
      fr: 'Réunions techniques approfondies sur la planification à long terme',
      en: 'In-depth technical meetings on long-term planning',
      ar: 'اجتماعات تقنية معمقة حول التخطيط على المدى البعيد',
    },
    description: sourced(
      'Réunions techniques approfondies entre responsables militaires des deux pays, centrées sur la planification à long terme',
      'In-depth technical meetings between military officials of both countries, on long-term planning',
      'A',
    ),
    type: 'technical_meeting',
    domain: 'planning',
    leadParty: 'MAR',
    participatingParties: ['ISR'],
    leadOrganisation: 'marPlanning',
    location: 'Rabat',
    plannedPeriod: periodOf('2026-02'),
    priority: 1,
    ...relIsr('UNCLASSIFIED'),
    story: [
      { on: '2026-01-26', to: 'scheduled', reason: 'Dates arrêtées avec la division Tevel : 17–19 février (illustratif).' },
      { on: '2026-02-19', to: 'conducted', actual: ['2026-02-17', '2026-02-19'] },
      {
        on: '2026-02-20',
        by: 'isr.contributor',
        language: 'en',
        note: 'Three working days held in Rabat; planning horizons compared and a common glossary started.',
        label: { releasableTo: ['MAR'] },
      },
      {
        on: '2026-03-02',
        by: 'mar.planner',
        language: 'fr',
        kind: 'report',
        note: 'Compte rendu : trois journées de travail, horizons de planification comparés, glossaire commun engagé.',
      },
      { on: '2026-03-02', to: 'reported', reason: 'Compte rendu transmis à la partie israélienne.' },
    ],
  },
  {
    refCode: '2026-PLN-02',
    source: 'A',
    title: {
      fr: 'Entretiens d’état-major : renforcement des capacités et objectifs communs de coopération',
      en: 'Staff talks: capability building and common cooperation objectives',
      he: 'שיחות מטה: בניין כוח ויעדי שיתוף פעולה משותפים',
    },
    description: sourced(
      'Entretiens sur le renforcement des capacités militaires et les objectifs communs de coopération',
      'Talks on building military capabilities and on common cooperation objectives',
      'A',
    ),
    type: 'staff_talks',
    domain: 'planning',
    leadParty: 'ISR',
    participatingParties: ['MAR'],
    leadOrganisation: 'isrTevel',
    location: 'Tel-Aviv',
    plannedPeriod: periodOf('2026-Q2'),
    priority: 1,
    ...relIsr('RESTRICTED'),
    story: [
      { on: '2026-04-15', to: 'scheduled', reason: 'Entretiens fixés les 12 et 13 mai (illustratif).' },
      { on: '2026-05-13', to: 'conducted', actual: ['2026-05-12', '2026-05-13'] },
      {
        on: '2026-05-14',
        by: 'isr.contributor',
        language: 'he',
        note: 'השיחות התקיימו כמתוכנן; סוכמו שלושה יעדים משותפים לשנה הבאה.',
        label: { releasableTo: ['MAR'] },
      },
      { on: '2026-05-26', to: 'reported', reason: 'Trois objectifs communs retenus ; compte rendu validé.' },
    ],
  },
  {
    refCode: '2026-PLN-03',
    source: 'B',
    title: {
      fr: 'Revue à mi-parcours de l’exécution du plan 2026',
      en: 'Mid-year review of the 2026 plan’s execution',
      ar: 'مراجعة نصف سنوية لتنفيذ خطة 2026',
    },
    description: sourced(
      'Mise en œuvre des mécanismes de suivi qui rendent la coopération mesurable et opérationnelle',
      'Applying the follow-up mechanisms that make the cooperation measurable and operational',
      'B',
    ),
    type: 'technical_meeting',
    domain: 'planning',
    leadParty: 'MAR',
    participatingParties: ['ISR'],
    leadOrganisation: 'marPlanning',
    location: 'Rabat',
    plannedPeriod: days('2026-07-06', '2026-07-07'),
    priority: 1,
    ...relIsr('UNCLASSIFIED'),
    story: [
      { on: '2026-06-10', to: 'scheduled' },
      { on: '2026-07-07', to: 'conducted', actual: ['2026-07-06', '2026-07-07'] },
      {
        on: '2026-07-08',
        by: 'mar.contributor',
        language: 'ar',
        note: 'تمت مراجعة تقدم الخطة؛ تم تحديد نشاطين متأخرين.',
      },
      { on: '2026-07-20', to: 'reported', reason: 'Revue consignée ; deux activités en retard identifiées.' },
    ],
  },
  {
    refCode: '2026-PLN-04',
    source: 'B',
    title: {
      fr: 'Préparation commune de la 4e session de la Commission militaire conjointe',
      en: 'Joint preparation of the Joint Military Commission’s 4th session',
    },
    description: sourced(
      'Préparation commune et concertation régulière, méthode de collaboration que le plan formalise ; 4e session illustrative',
      'Joint preparation and regular consultation, the working method the plan sets out; the 4th session is illustrative',
      'B',
    ),
    type: 'staff_talks',
    domain: 'planning',
    leadParty: 'MAR',
    participatingParties: ['ISR'],
    leadOrganisation: 'marInspection',
    location: 'Rabat',
    plannedPeriod: periodOf('2026-12'),
    priority: 1,
    ...relIsr('RESTRICTED'),
    story: [
      {
        on: '2026-11-16',
        by: 'mar.planner',
        language: 'fr',
        note: 'Projet d’ordre du jour envoyé à la division Tevel pour commentaires.',
      },
    ],
  },
  {
    refCode: '2026-PLN-05',
    source: 'B',
    title: {
      fr: 'Préparation interne de la position marocaine pour la revue à mi-parcours',
      en: 'Internal preparation of the Moroccan position for the mid-year review',
    },
    description: sourced(
      'Préparation nationale en vue de la concertation régulière prévue par le plan',
      'National preparation for the regular consultation the plan provides for',
      'B',
    ),
    type: 'staff_talks',
    domain: 'planning',
    leadParty: 'MAR',
    participatingParties: [],
    leadOrganisation: 'marPlanning',
    location: 'Rabat',
    plannedPeriod: periodOf('2026-06'),
    priority: 2,
    ...marOnly('CONFIDENTIAL'),
    story: [
      { on: '2026-06-01', to: 'scheduled' },
      { on: '2026-06-25', to: 'conducted', actual: ['2026-06-24', '2026-06-25'] },
      { on: '2026-06-30', to: 'reported', reason: 'Position nationale arrêtée.' },
    ],
  },
  {
    refCode: '2026-FOR-01',
    source: 'A',
    title: {
      fr: 'Visite d’une délégation marocaine à des unités opérationnelles israéliennes',
      en: 'Moroccan delegation visits Israeli operational units',
      ar: 'زيارة وفد مغربي لوحدات عملياتية إسرائيلية',
      he: 'ביקור משלחת מרוקאית ביחידות מבצעיות בישראל',
    },
    description: sourced(
      'Visites d’unités opérationnelles israéliennes par des délégations marocaines (articles A et B)',
      'Visits by Moroccan delegations to Israeli operational units (articles A and B)',
      'A',
    ),
    type: 'unit_visit',
    domain: 'forces',
    leadParty: 'ISR',
    participatingParties: ['MAR'],
    leadOrganisation: 'isrTevel',
    location: 'Israël',
    plannedPeriod: days('2026-03-09', '2026-03-12'),
    priority: 1,
    ...relIsr('CONFIDENTIAL'),
    story: [
      { on: '2026-02-10', to: 'scheduled' },
      { on: '2026-03-12', to: 'conducted', actual: ['2026-03-09', '2026-03-12'] },
      {
        on: '2026-03-13',
        by: 'isr.contributor',
        language: 'en',
        note: 'Four units visited; the delegation asked for a follow-up on force organisation.',
        label: { releasableTo: ['MAR'] },
      },
      { on: '2026-03-20', to: 'reported', reason: 'Compte rendu de visite diffusé.' },
    ],
  },
  {
    refCode: '2026-FOR-02',
    source: 'B',
    title: {
      fr: 'Second cycle de visites d’unités israéliennes',
      en: 'Second round of visits to Israeli units',
    },
    description: sourced(
      'Poursuite des visites au sein de différentes unités israéliennes',
      'Further visits to various Israeli units',
      'B',
    ),
    type: 'unit_visit',
    domain: 'forces',
    leadParty: 'ISR',
    participatingParties: ['MAR'],
    leadOrganisation: 'isrTevel',
    location: 'Israël',
    plannedPeriod: periodOf('2026-09'),
    priority: 2,
    ...relIsr('RESTRICTED'),
    story: [
      { on: '2026-08-20', to: 'scheduled' },
      {
        on: '2026-09-02',
        to: 'postponed',
        period: periodOf('2026-12'),
        reason: 'Reportée à décembre à la demande de la partie hôte (calendrier opérationnel ; motif illustratif).',
      },
      {
        on: '2026-10-05',
        by: 'isr.contributor',
        language: 'en',
        note: 'Host units for December still to be confirmed.',
        label: { releasableTo: ['MAR'] },
      },
      // Postponed a second time: the 4th session's agenda carries it forward.
      {
        on: '2026-11-10',
        to: 'postponed',
        period: periodOf('2027-Q1'),
        reason: 'Unités hôtes toujours non confirmées ; nouveau report au 1er trimestre 2027 (motif illustratif).',
      },
    ],
  },
  {
    refCode: '2026-LOG-01',
    source: 'B',
    title: {
      fr: 'Échanges sur la planification, la logistique et l’organisation des forces lors des visites d’unités',
      en: 'Talks on planning, logistics and force organisation during unit visits',
    },
    description: sourced(
      'Discussions centrées sur la planification, la logistique et l’organisation des forces',
      'Discussions on planning, logistics and the organisation of forces',
      'B',
    ),
    type: 'unit_visit',
    domain: 'logistics',
    leadParty: 'MAR',
    participatingParties: ['ISR'],
    leadOrganisation: 'marInspection',
    location: 'Israël',
    plannedPeriod: periodOf('2026-04'),
    priority: 2,
    ...relIsr('RESTRICTED'),
    story: [
      { on: '2026-03-25', to: 'scheduled' },
      { on: '2026-04-16', to: 'conducted', actual: ['2026-04-14', '2026-04-16'] },
      {
        on: '2026-04-17',
        by: 'mar.contributor',
        language: 'fr',
        note: 'Échanges fructueux sur la chaîne de soutien ; fiches de synthèse en rédaction.',
      },
      { on: '2026-04-28', to: 'reported', reason: 'Fiches de synthèse remises.' },
    ],
  },
  {
    refCode: '2026-LOG-02',
    source: 'B',
    title: {
      fr: 'Atelier sur l’organisation du soutien logistique des forces',
      en: 'Workshop on organising logistic support to forces',
    },
    description: sourced(
      'Atelier prolongeant les discussions sur la logistique et l’organisation des forces',
      'Workshop following up the talks on logistics and force organisation',
      'B',
    ),
    type: 'seminar',
    domain: 'logistics',
    leadParty: 'MAR',
    participatingParties: ['ISR'],
    leadOrganisation: 'marInspection',
    location: 'Kénitra',
    plannedPeriod: periodOf('2026-Q3'),
    priority: 3,
    ...relIsr('RESTRICTED'),
    story: [
      { on: '2026-07-01', to: 'scheduled' },
      {
        on: '2026-08-25',
        by: 'mar.contributor',
        language: 'fr',
        note: 'Note interne : relancer la partie israélienne pour confirmer les dates.',
        label: { releasableTo: [] },
      },
    ],
  },
  {
    refCode: '2026-INT-01',
    source: 'B',
    title: {
      fr: 'Amélioration des mécanismes de partage d’informations',
      en: 'Improving information-sharing mechanisms',
      he: 'שיפור מנגנוני שיתוף מידע',
    },
    description: sourced(
      'Travaux sur l’amélioration des mécanismes de partage d’informations',
      'Work on improving the mechanisms for sharing information',
      'B',
    ),
    type: 'information_sharing',
    domain: 'intelligence',
    leadParty: 'MAR',
    participatingParties: ['ISR'],
    leadOrganisation: 'marInspection',
    location: null,
    plannedPeriod: periodOf('2026-Q2'),
    priority: 1,
    ...relIsr('SECRET'),
    story: [
      { on: '2026-05-04', to: 'scheduled' },
      { on: '2026-06-11', to: 'conducted', actual: ['2026-06-09', '2026-06-11'] },
      {
        on: '2026-06-15',
        by: 'isr.planner',
        language: 'he',
        note: 'הוסכם על ערוץ קשר ייעודי ועל נוהל עדכון חודשי.',
        label: { classification: 'SECRET', releasableTo: ['MAR'], compartments: ['INTEL'] },
      },
      {
        on: '2026-11-12',
        by: 'mar.planner',
        language: 'fr',
        note: 'Premier bilan du canal d’échange : rapport final attendu fin novembre.',
      },
    ],
  },
  {
    refCode: '2026-INT-02',
    source: 'B',
    title: {
      fr: 'Coordination face aux menaces identifiées comme communes',
      en: 'Coordination against threats identified as common',
    },
    description: sourced(
      'Coordination face à des menaces identifiées comme communes',
      'Coordination against threats identified as common',
      'B',
    ),
    type: 'staff_talks',
    domain: 'intelligence',
    leadParty: 'ISR',
    participatingParties: ['MAR'],
    leadOrganisation: 'isrPlanning',
    location: 'Tel-Aviv',
    plannedPeriod: periodOf('2026-10'),
    priority: 1,
    ...relIsr('SECRET'),
    story: [
      { on: '2026-09-28', to: 'scheduled', reason: 'Entretiens prévus les 20 et 21 octobre (illustratif).' },
      {
        on: '2026-10-19',
        by: 'isr.planner',
        language: 'en',
        note: 'Talks could not take place as planned; new dates under discussion.',
        label: { releasableTo: ['MAR'] },
      },
    ],
  },
  {
    refCode: '2026-DOC-01',
    source: 'B',
    title: {
      fr: 'Séminaire sur la compréhension mutuelle des modes opératoires',
      en: 'Seminar on mutual understanding of operating procedures',
      he: 'סמינר להבנה הדדית של נהלי הפעלה',
    },
    description: sourced(
      'Faciliter une compréhension mutuelle des modes opératoires, afin de gagner en efficacité lors d’éventuelles coopérations futures',
      'Mutual understanding of operating procedures, for efficiency in possible future cooperation',
      'B',
    ),
    type: 'seminar',
    domain: 'doctrine',
    leadParty: 'ISR',
    participatingParties: ['MAR'],
    leadOrganisation: 'isrPlanning',
    location: 'Tel-Aviv',
    plannedPeriod: days('2026-06-15', '2026-06-17'),
    priority: 2,
    ...relIsr('UNCLASSIFIED'),
    story: [
      { on: '2026-05-20', to: 'scheduled' },
      { on: '2026-06-24', to: 'conducted', actual: ['2026-06-22', '2026-06-24'] },
      {
        on: '2026-06-25',
        by: 'isr.contributor',
        language: 'he',
        note: 'הסמינר הסתיים; הוכן מסמך השוואה של נהלים.',
        label: { releasableTo: ['MAR'] },
      },
      { on: '2026-06-29', to: 'reported', reason: 'Tableau comparatif des procédures remis.' },
    ],
  },
  {
    refCode: '2026-DOC-02',
    source: 'B',
    title: {
      fr: 'Échange d’experts sur les procédures de coordination',
      en: 'Expert exchange on coordination procedures',
    },
    description: sourced(
      'Rapprocher les procédures des deux armées en vue de coopérations futures',
      'Bringing the two armed forces’ procedures closer for future cooperation',
      'B',
    ),
    type: 'expert_exchange',
    domain: 'doctrine',
    leadParty: 'MAR',
    participatingParties: ['ISR'],
    leadOrganisation: 'marPlanning',
    location: 'Rabat',
    plannedPeriod: days('2026-09-15', '2026-09-16'),
    priority: 2,
    ...relIsr('UNCLASSIFIED'),
    story: [
      {
        on: '2026-09-08',
        to: 'postponed',
        period: periodOf('2026-Q4'),
        reason: 'Experts indisponibles en septembre ; reporté au 4e trimestre (motif illustratif).',
      },
      {
        on: '2026-11-18',
        by: 'mar.contributor',
        language: 'fr',
        note: 'Liste des experts marocains arrêtée ; en attente de la liste israélienne.',
      },
    ],
  },
  {
    refCode: '2026-IND-01',
    source: 'A',
    title: {
      fr: 'Visite d’industries de défense israéliennes',
      en: 'Visit to Israeli defence industries',
      ar: 'زيارة صناعات دفاعية إسرائيلية',
    },
    description: sourced(
      'Visites d’industries de défense israéliennes inscrites au programme de la commission',
      'Visits to Israeli defence industries, part of the commission’s programme',
      'A',
    ),
    type: 'industry_visit',
    domain: 'industry',
    leadParty: 'MAR',
    participatingParties: ['ISR'],
    leadOrganisation: 'marInspection',
    location: 'Israël',
    plannedPeriod: days('2026-03-23', '2026-03-25'),
    priority: 2,
    ...relIsr('RESTRICTED'),
    story: [
      { on: '2026-02-25', to: 'scheduled' },
      { on: '2026-03-25', to: 'conducted', actual: ['2026-03-23', '2026-03-25'] },
      { on: '2026-04-03', to: 'reported', reason: 'Rapport de visite remis.' },
    ],
  },
  {
    refCode: '2026-IND-02',
    source: 'A',
    title: {
      fr: 'Suivi du programme ATMOS 2000 — revue du 1er trimestre',
      en: 'ATMOS 2000 programme follow-up — Q1 review',
    },
    description: sourced(
      'Suivi de la fourniture par Elbit Systems de 36 systèmes d’artillerie automoteurs ATMOS 2000 montés sur camions Tatra (environ 1,9 milliard de dirhams), retenus face au CAESAR de KNDS après une évaluation comparative',
      'Follow-up of Elbit Systems’ supply of 36 ATMOS 2000 self-propelled artillery systems on Tatra trucks (about 1.9 billion MAD), chosen over KNDS’s CAESAR after a comparative evaluation',
      'A',
    ),
    type: 'technical_meeting',
    domain: 'industry',
    leadParty: 'MAR',
    participatingParties: ['ISR'],
    leadOrganisation: 'elbit',
    location: 'Rabat',
    plannedPeriod: periodOf('2026-Q1'),
    priority: 1,
    ...relIsr('CONFIDENTIAL', ['INDUS']),
    story: [
      { on: '2026-02-16', to: 'scheduled' },
      { on: '2026-03-31', to: 'conducted', actual: ['2026-03-30', '2026-03-31'] },
      {
        on: '2026-04-08',
        by: 'mar.contributor',
        language: 'fr',
        kind: 'report',
        note: 'Revue trimestrielle tenue avec Elbit Systems ; jalons du contrat passés en revue (détail illustratif).',
      },
      { on: '2026-04-10', to: 'reported', reason: 'Revue trimestrielle consignée.' },
    ],
  },
  {
    refCode: '2026-IND-03',
    source: 'A',
    title: {
      fr: 'Suivi du programme ATMOS 2000 — revue du 3e trimestre',
      en: 'ATMOS 2000 programme follow-up — Q3 review',
    },
    description: sourced(
      'Suivi du programme ATMOS 2000 (36 systèmes, Elbit Systems)',
      'Follow-up of the ATMOS 2000 programme (36 systems, Elbit Systems)',
      'A',
    ),
    type: 'technical_meeting',
    domain: 'industry',
    leadParty: 'MAR',
    participatingParties: ['ISR'],
    leadOrganisation: 'elbit',
    location: 'Rabat',
    plannedPeriod: periodOf('2026-Q3'),
    priority: 1,
    ...relIsr('CONFIDENTIAL', ['INDUS']),
    story: [
      { on: '2026-08-10', to: 'scheduled' },
      // Held a week after the quarter it was planned in, without a formal postponement.
      { on: '2026-10-07', to: 'conducted', actual: ['2026-10-06', '2026-10-07'] },
      {
        on: '2026-11-05',
        by: 'mar.contributor',
        language: 'fr',
        note: 'Compte rendu en cours de validation par la partie israélienne.',
      },
    ],
  },
  {
    refCode: '2026-IND-04',
    source: 'A',
    title: {
      fr: 'Projet d’implantation de deux sites de production Elbit Systems au Maroc',
      en: 'Elbit Systems’ two planned production sites in Morocco',
    },
    description: sourced(
      'Elbit Systems a exprimé son intention d’établir deux sites de production au Maroc, dont un potentiellement dans la région de Casablanca',
      'Elbit Systems intends to set up two production sites in Morocco, one possibly in the Casablanca region',
      'A',
    ),
    type: 'industry_visit',
    domain: 'industry',
    leadParty: 'MAR',
    participatingParties: ['ISR'],
    leadOrganisation: 'elbit',
    location: 'Région de Casablanca',
    plannedPeriod: periodOf('2026-06'),
    priority: 1,
    ...relIsr('CONFIDENTIAL', ['INDUS']),
    story: [
      {
        on: '2026-05-28',
        to: 'postponed',
        period: periodOf('2026-09'),
        reason: 'Reportée à septembre : options de sites à affiner avant la visite (motif illustratif).',
      },
      { on: '2026-09-01', to: 'scheduled' },
      { on: '2026-09-24', to: 'conducted', actual: ['2026-09-22', '2026-09-24'] },
      {
        on: '2026-10-01',
        by: 'mar.contributor',
        language: 'fr',
        note: 'Deux sites candidats visités ; étude comparative attendue.',
      },
    ],
  },
  {
    refCode: '2026-IND-05',
    source: 'A',
    title: {
      fr: 'Complexe industriel de Benslimane — réunion tripartite de cadrage',
      en: 'Benslimane industrial complex — tripartite scoping meeting',
      ar: 'مجمع بنسليمان الصناعي — اجتماع ثلاثي تأطيري',
    },
    description: sourced(
      'Coopération tripartite avec les États-Unis : un complexe d’industrie militaire dans la région de Benslimane, entre Rabat et Casablanca',
      'Tripartite cooperation with the United States: a military-industrial complex in the Benslimane region, between Rabat and Casablanca',
      'A',
    ),
    type: 'technical_meeting',
    domain: 'industry',
    leadParty: 'MAR',
    participatingParties: ['ISR', 'USA'],
    leadOrganisation: 'marInspection',
    location: 'Rabat',
    plannedPeriod: days('2026-04-20', '2026-04-21'),
    priority: 1,
    ...tripartite('UNCLASSIFIED'),
    story: [
      { on: '2026-03-30', to: 'scheduled' },
      { on: '2026-04-21', to: 'conducted', actual: ['2026-04-20', '2026-04-21'] },
      {
        on: '2026-04-22',
        by: 'usa.contributor',
        language: 'en',
        note: 'Scoping meeting held; the three parties agreed on a joint working group.',
        label: { releasableTo: ['MAR', 'ISR'] },
      },
      { on: '2026-05-04', to: 'reported', reason: 'Groupe de travail tripartite constitué.' },
    ],
  },
  {
    refCode: '2026-IND-06',
    source: 'A',
    title: {
      fr: 'Complexe industriel de Benslimane — reconnaissance du site',
      en: 'Benslimane industrial complex — site survey',
    },
    description: sourced(
      'Reconnaissance du site envisagé dans la région de Benslimane',
      'Survey of the planned site in the Benslimane region',
      'A',
    ),
    type: 'industry_visit',
    domain: 'industry',
    leadParty: 'MAR',
    participatingParties: ['ISR', 'USA'],
    leadOrganisation: 'marInspection',
    location: 'Benslimane',
    plannedPeriod: periodOf('2026-Q3'),
    priority: 1,
    ...tripartite('CONFIDENTIAL'),
    story: [
      { on: '2026-07-15', to: 'scheduled' },
      { on: '2026-08-27', to: 'conducted', actual: ['2026-08-26', '2026-08-27'] },
      {
        on: '2026-11-09',
        by: 'usa.contributor',
        language: 'en',
        note: 'Survey findings shared with the working group; report in preparation.',
        label: { releasableTo: ['MAR', 'ISR'] },
      },
    ],
  },
  {
    refCode: '2026-IND-07',
    source: 'A',
    title: {
      fr: 'Complexe industriel de Benslimane — priorités : équipements de nouvelle génération',
      en: 'Benslimane industrial complex — priorities: new-generation equipment',
    },
    description: sourced(
      'Entretiens sur la priorité accordée aux équipements de nouvelle génération',
      'Talks on the priority given to new-generation equipment',
      'A',
    ),
    type: 'staff_talks',
    domain: 'industry',
    leadParty: 'MAR',
    participatingParties: ['ISR', 'USA'],
    leadOrganisation: 'marInspection',
    location: 'Rabat',
    plannedPeriod: periodOf('2026-12'),
    priority: 2,
    ...tripartite('RESTRICTED'),
    story: [
      {
        on: '2026-11-20',
        by: 'mar.planner',
        language: 'fr',
        note: 'Invitations adressées aux parties israélienne et américaine.',
      },
    ],
  },
  {
    refCode: '2026-TRN-01',
    source: 'B',
    title: {
      fr: 'Formation et transfert de compétences : acquisition, formation et production',
      en: 'Training and skills transfer: acquisition, training and production combined',
      ar: 'التكوين ونقل الكفاءات: الاقتناء والتكوين والإنتاج',
    },
    description: sourced(
      'Approche combinant acquisition, formation et production ; transferts de compétences et montée en gamme des capacités locales',
      'An approach combining acquisition, training and production; skills transfer and a gradual rise of local capabilities',
      'B',
    ),
    type: 'training',
    domain: 'training',
    leadParty: 'ISR',
    participatingParties: ['MAR'],
    leadOrganisation: 'isrPlanning',
    location: 'Israël',
    plannedPeriod: days('2026-07-13', '2026-07-24'),
    priority: 2,
    ...relIsr('UNCLASSIFIED'),
    story: [
      { on: '2026-06-22', to: 'scheduled' },
      { on: '2026-07-24', to: 'conducted', actual: ['2026-07-13', '2026-07-24'] },
      {
        on: '2026-07-27',
        by: 'mar.contributor',
        language: 'ar',
        note: 'أتم اثنا عشر ضابطا التكوين بنجاح.',
      },
      { on: '2026-08-05', to: 'reported', reason: 'Douze stagiaires formés (chiffre illustratif).' },
    ],
  },
  {
    refCode: '2026-TRN-02',
    source: 'B',
    title: {
      fr: 'Cours de maintenance pour techniciens des FAR (transfert de compétences)',
      en: 'Maintenance course for Royal Armed Forces technicians (skills transfer)',
    },
    description: sourced(
      'Transfert de compétences lié aux équipements acquis, dans une approche combinant acquisition, formation et production',
      'Skills transfer tied to acquired equipment, combining acquisition, training and production',
      'B',
    ),
    type: 'training',
    domain: 'training',
    leadParty: 'MAR',
    participatingParties: ['ISR'],
    leadOrganisation: 'elbit',
    location: 'Région de Casablanca',
    plannedPeriod: periodOf('2026-Q4'),
    priority: 2,
    ...relIsr('RESTRICTED', ['INDUS']),
    story: [{ on: '2026-10-26', to: 'scheduled', reason: 'Cours fixé du 7 au 18 décembre (illustratif).' }],
  },
  {
    refCode: '2026-TRN-03',
    source: 'A',
    title: {
      fr: 'Échange d’experts sur la défense aérienne multicouche',
      en: 'Expert exchange on multi-layer air defence',
    },
    description: sourced(
      'Le déploiement du système Barak MX début 2026 dote le Maroc d’un premier bouclier aérien multicouche',
      'The Barak MX deployment in early 2026 gives Morocco its first multi-layer air shield',
      'A',
    ),
    type: 'expert_exchange',
    domain: 'training',
    leadParty: 'MAR',
    participatingParties: ['ISR'],
    leadOrganisation: 'marInspection',
    location: 'Rabat',
    plannedPeriod: periodOf('2026-05'),
    priority: 3,
    ...relIsr('CONFIDENTIAL'),
    story: [
      {
        on: '2026-04-20',
        to: 'cancelled',
        reason: 'Annulée d’un commun accord : le sujet est traité dans le cadre du programme concerné (motif illustratif).',
      },
    ],
  },
  {
    refCode: '2026-ACQ-01',
    source: 'A',
    title: {
      fr: 'Retour d’expérience sur l’évaluation comparative ATMOS 2000 / CAESAR',
      en: 'Lessons from the ATMOS 2000 / CAESAR comparative evaluation',
    },
    description: sourced(
      'L’ATMOS 2000 a été préféré au CAESAR de KNDS en raison de problèmes techniques persistants et d’un service client jugé insatisfaisant',
      'ATMOS 2000 was preferred to KNDS’s CAESAR, citing persistent technical problems and unsatisfactory customer service',
      'A',
    ),
    type: 'technical_meeting',
    domain: 'acquisition',
    leadParty: 'MAR',
    participatingParties: [],
    leadOrganisation: 'marPlanning',
    location: 'Rabat',
    plannedPeriod: periodOf('2026-Q1'),
    priority: 2,
    ...marOnly('SECRET', ['INDUS']),
    story: [
      { on: '2026-01-20', to: 'scheduled' },
      { on: '2026-02-27', to: 'conducted', actual: ['2026-02-26', '2026-02-27'] },
      {
        on: '2026-03-02',
        by: 'mar.planner',
        language: 'fr',
        note: 'Note interne : critères d’évaluation à reprendre pour les prochains programmes.',
      },
      { on: '2026-03-06', to: 'reported', reason: 'Retour d’expérience versé au dossier.' },
    ],
  },
];

/** Steps of the plan itself, in the days after the session. */
export const PLAN_STORY = {
  entered: '2026-01-12',
  proposed: '2026-01-13',
  approvedByMar: '2026-01-14',
  approvedByIsr: '2026-01-15',
  inExecution: '2026-01-16',
};
