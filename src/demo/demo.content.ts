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
 * Records are data, read and corrected one at a time against their sources, so
 * each stands on its own: the activities are rows of a table, one row an
 * activity with every fact of it, read into records by one function; no
 * generator makes up any of them.
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

export { CONTRIBUTORS } from './accounts.js';

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

/** The heads of the two delegations, at the 3rd session and again at the 4th. */
export const HEADS_OF_DELEGATION = {
  MAR: {
    party: 'MAR',
    name: 'Karim Bennani (nom illustratif)',
    title: 'Général de brigade',
    function: 'Chef de délégation',
    organisation: ORGANISATIONS.marInspection.name,
  },
  ISR: {
    party: 'ISR',
    name: 'Avi Cohen (illustrative name)',
    title: 'Brigadier General',
    function: 'Head of delegation',
    organisation: ORGANISATIONS.isrPlanning.name,
  },
};

export const SESSION = {
  number: 3,
  startDate: '2026-01-05',
  endDate: '2026-01-08',
  place: 'Tel-Aviv',
  hostParty: 'ISR',
  delegations: [
    HEADS_OF_DELEGATION.MAR,
    {
      party: 'MAR',
      name: 'Nadia El Idrissi (nom illustratif)',
      title: 'Colonel-major',
      function: 'Planification',
      organisation: ORGANISATIONS.marPlanning.name,
    },
    HEADS_OF_DELEGATION.ISR,
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

export type AccountKey =
  | 'mar.planner'
  | 'isr.planner'
  | 'mar.contributor'
  | 'isr.contributor'
  | 'usa.contributor'
  | 'mar.acquisition';

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

// The steps of an activity's story, named after what happens.
const statusStep =
  (to: 'scheduled' | 'reported') =>
  (on: string, reason?: string): DemoStep =>
    reason === undefined ? { on, to } : { on, to, reason };
const scheduled = statusStep('scheduled');
const reported = statusStep('reported');
const conducted = (on: string, start: string, end: string): DemoStep => ({ on, to: 'conducted', actual: [start, end] });
const postponed = (on: string, period: PlannedPeriod, reason: string): DemoStep => ({ on, to: 'postponed', period, reason });
const cancelled = (on: string, reason: string): DemoStep => ({ on, to: 'cancelled', reason });
type Language = 'fr' | 'en' | 'ar' | 'he';
/** A follow-up note by a user, in its language, labelled as the activity unless told otherwise. */
const note = (on: string, by: AccountKey, language: Language, text: string, label?: LabelOverride): DemoStep =>
  label ? { on, by, language, note: text, label } : { on, by, language, note: text };
const report = (on: string, by: AccountKey, language: Language, text: string): DemoStep => ({
  on,
  by,
  language,
  kind: 'report',
  note: text,
});

/**
 * One activity, as the plan lists it. `plan` holds the plan's columns: reference code, type, domain,
 * lead party, participating parties, lead organisation, place, planned period and priority. `source`
 * is the article the activity comes from and what it is in that article's words (French, English);
 * `story` is its course through 2026.
 */
interface ActivityRow {
  plan: [string, DemoActivity['type'], DemoActivity['domain'], string, string[], OrgKey, string | null, PlannedPeriod, number];
  label: { classification: Classification; releasableTo: string[]; compartments: string[] };
  title: DemoActivity['title'];
  source: [SourceKey, string, string];
  story: DemoStep[];
}

const activity = ({ plan, label, title, source: [source, fr, en], story }: ActivityRow): DemoActivity => {
  const [refCode, type, domain, leadParty, participatingParties, leadOrganisation, location, plannedPeriod, priority] = plan;
  return {
    refCode,
    source,
    title,
    description: sourced(fr, en, source),
    type,
    domain,
    leadParty,
    participatingParties,
    leadOrganisation,
    location,
    plannedPeriod,
    priority,
    ...label,
    story,
  };
};

// Deliberately alike: rows of one table share their shape, each holding one activity's own facts.
const ACTIVITY_ROWS: ActivityRow[] = [
  {
    plan: ['2026-PLN-01', 'technical_meeting', 'planning', 'MAR', ['ISR'], 'marPlanning', 'Rabat', periodOf('2026-02'), 1],
    label: relIsr('UNCLASSIFIED'),
    title: {
      fr: 'Réunions techniques approfondies sur la planification à long terme',
      en: 'In-depth technical meetings on long-term planning',
      ar: 'اجتماعات تقنية معمقة حول التخطيط على المدى البعيد',
    },
    source: [
      'A',
      'Réunions techniques approfondies entre responsables militaires des deux pays, centrées sur la planification à long terme',
      'In-depth technical meetings between military officials of both countries, on long-term planning',
    ],
    story: [
      scheduled('2026-01-26', 'Dates arrêtées avec la division Tevel : 17–19 février (illustratif).'),
      conducted('2026-02-19', '2026-02-17', '2026-02-19'),
      note(
        '2026-02-20',
        'isr.contributor',
        'en',
        'Three working days held in Rabat; planning horizons compared and a common glossary started.',
        { releasableTo: ['MAR'] },
      ),
      report(
        '2026-03-02',
        'mar.planner',
        'fr',
        'Compte rendu : trois journées de travail, horizons de planification comparés, glossaire commun engagé.',
      ),
      reported('2026-03-02', 'Compte rendu transmis à la partie israélienne.'),
    ],
  },
  {
    plan: ['2026-PLN-02', 'staff_talks', 'planning', 'ISR', ['MAR'], 'isrTevel', 'Tel-Aviv', periodOf('2026-Q2'), 1],
    label: relIsr('RESTRICTED'),
    title: {
      fr: 'Entretiens d’état-major : renforcement des capacités et objectifs communs de coopération',
      en: 'Staff talks: capability building and common cooperation objectives',
      he: 'שיחות מטה: בניין כוח ויעדי שיתוף פעולה משותפים',
    },
    source: [
      'A',
      'Entretiens sur le renforcement des capacités militaires et les objectifs communs de coopération',
      'Talks on building military capabilities and on common cooperation objectives',
    ],
    story: [
      scheduled('2026-04-15', 'Entretiens fixés les 12 et 13 mai (illustratif).'),
      conducted('2026-05-13', '2026-05-12', '2026-05-13'),
      note('2026-05-14', 'isr.contributor', 'he', 'השיחות התקיימו כמתוכנן; סוכמו שלושה יעדים משותפים לשנה הבאה.', {
        releasableTo: ['MAR'],
      }),
      reported('2026-05-26', 'Trois objectifs communs retenus ; compte rendu validé.'),
    ],
  },
  {
    plan: [
      '2026-PLN-03',
      'technical_meeting',
      'planning',
      'MAR',
      ['ISR'],
      'marPlanning',
      'Rabat',
      days('2026-07-06', '2026-07-07'),
      1,
    ],
    label: relIsr('UNCLASSIFIED'),
    title: {
      fr: 'Revue à mi-parcours de l’exécution du plan 2026',
      en: 'Mid-year review of the 2026 plan’s execution',
      ar: 'مراجعة نصف سنوية لتنفيذ خطة 2026',
    },
    source: [
      'B',
      'Mise en œuvre des mécanismes de suivi qui rendent la coopération mesurable et opérationnelle',
      'Applying the follow-up mechanisms that make the cooperation measurable and operational',
    ],
    story: [
      scheduled('2026-06-10'),
      conducted('2026-07-07', '2026-07-06', '2026-07-07'),
      note('2026-07-08', 'mar.contributor', 'ar', 'تمت مراجعة تقدم الخطة؛ تم تحديد نشاطين متأخرين.'),
      reported('2026-07-20', 'Revue consignée ; deux activités en retard identifiées.'),
    ],
  },
  {
    plan: ['2026-PLN-04', 'staff_talks', 'planning', 'MAR', ['ISR'], 'marInspection', 'Rabat', periodOf('2026-12'), 1],
    label: relIsr('RESTRICTED'),
    title: {
      fr: 'Préparation commune de la 4e session de la Commission militaire conjointe',
      en: 'Joint preparation of the Joint Military Commission’s 4th session',
    },
    source: [
      'B',
      'Préparation commune et concertation régulière, méthode de collaboration que le plan formalise ; 4e session illustrative',
      'Joint preparation and regular consultation, the working method the plan sets out; the 4th session is illustrative',
    ],
    story: [note('2026-11-16', 'mar.planner', 'fr', 'Projet d’ordre du jour envoyé à la division Tevel pour commentaires.')],
  },
  {
    plan: ['2026-PLN-05', 'staff_talks', 'planning', 'MAR', [], 'marPlanning', 'Rabat', periodOf('2026-06'), 2],
    label: marOnly('CONFIDENTIAL'),
    title: {
      fr: 'Préparation interne de la position marocaine pour la revue à mi-parcours',
      en: 'Internal preparation of the Moroccan position for the mid-year review',
    },
    source: [
      'B',
      'Préparation nationale en vue de la concertation régulière prévue par le plan',
      'National preparation for the regular consultation the plan provides for',
    ],
    story: [
      scheduled('2026-06-01'),
      conducted('2026-06-25', '2026-06-24', '2026-06-25'),
      reported('2026-06-30', 'Position nationale arrêtée.'),
    ],
  },
  {
    plan: ['2026-FOR-01', 'unit_visit', 'forces', 'ISR', ['MAR'], 'isrTevel', 'Israël', days('2026-03-09', '2026-03-12'), 1],
    label: relIsr('CONFIDENTIAL'),
    title: {
      fr: 'Visite d’une délégation marocaine à des unités opérationnelles israéliennes',
      en: 'Moroccan delegation visits Israeli operational units',
      ar: 'زيارة وفد مغربي لوحدات عملياتية إسرائيلية',
      he: 'ביקור משלחת מרוקאית ביחידות מבצעיות בישראל',
    },
    source: [
      'A',
      'Visites d’unités opérationnelles israéliennes par des délégations marocaines (articles A et B)',
      'Visits by Moroccan delegations to Israeli operational units (articles A and B)',
    ],
    story: [
      scheduled('2026-02-10'),
      conducted('2026-03-12', '2026-03-09', '2026-03-12'),
      note(
        '2026-03-13',
        'isr.contributor',
        'en',
        'Four units visited; the delegation asked for a follow-up on force organisation.',
        { releasableTo: ['MAR'] },
      ),
      reported('2026-03-20', 'Compte rendu de visite diffusé.'),
    ],
  },
  {
    plan: ['2026-FOR-02', 'unit_visit', 'forces', 'ISR', ['MAR'], 'isrTevel', 'Israël', periodOf('2026-09'), 2],
    label: relIsr('RESTRICTED'),
    title: { fr: 'Second cycle de visites d’unités israéliennes', en: 'Second round of visits to Israeli units' },
    source: ['B', 'Poursuite des visites au sein de différentes unités israéliennes', 'Further visits to various Israeli units'],
    story: [
      scheduled('2026-08-20'),
      postponed(
        '2026-09-02',
        periodOf('2026-12'),
        'Reportée à décembre à la demande de la partie hôte (calendrier opérationnel ; motif illustratif).',
      ),
      note('2026-10-05', 'isr.contributor', 'en', 'Host units for December still to be confirmed.', { releasableTo: ['MAR'] }),
      postponed(
        '2026-11-10',
        periodOf('2027-Q1'),
        'Unités hôtes toujours non confirmées ; nouveau report au 1er trimestre 2027 (motif illustratif).',
      ),
    ],
  },
  {
    plan: ['2026-LOG-01', 'unit_visit', 'logistics', 'MAR', ['ISR'], 'marInspection', 'Israël', periodOf('2026-04'), 2],
    label: relIsr('RESTRICTED'),
    title: {
      fr: 'Échanges sur la planification, la logistique et l’organisation des forces lors des visites d’unités',
      en: 'Talks on planning, logistics and force organisation during unit visits',
    },
    source: [
      'B',
      'Discussions centrées sur la planification, la logistique et l’organisation des forces',
      'Discussions on planning, logistics and the organisation of forces',
    ],
    story: [
      scheduled('2026-03-25'),
      conducted('2026-04-16', '2026-04-14', '2026-04-16'),
      note(
        '2026-04-17',
        'mar.contributor',
        'fr',
        'Échanges fructueux sur la chaîne de soutien ; fiches de synthèse en rédaction.',
      ),
      reported('2026-04-28', 'Fiches de synthèse remises.'),
    ],
  },
  {
    plan: ['2026-LOG-02', 'seminar', 'logistics', 'MAR', ['ISR'], 'marInspection', 'Kénitra', periodOf('2026-Q3'), 3],
    label: relIsr('RESTRICTED'),
    title: {
      fr: 'Atelier sur l’organisation du soutien logistique des forces',
      en: 'Workshop on organising logistic support to forces',
    },
    source: [
      'B',
      'Atelier prolongeant les discussions sur la logistique et l’organisation des forces',
      'Workshop following up the talks on logistics and force organisation',
    ],
    story: [
      scheduled('2026-07-01'),
      note('2026-08-25', 'mar.contributor', 'fr', 'Note interne : relancer la partie israélienne pour confirmer les dates.', {
        releasableTo: [],
      }),
    ],
  },
  {
    plan: ['2026-INT-01', 'information_sharing', 'intelligence', 'MAR', ['ISR'], 'marInspection', null, periodOf('2026-Q2'), 1],
    label: relIsr('SECRET'),
    title: {
      fr: 'Amélioration des mécanismes de partage d’informations',
      en: 'Improving information-sharing mechanisms',
      he: 'שיפור מנגנוני שיתוף מידע',
    },
    source: [
      'B',
      'Travaux sur l’amélioration des mécanismes de partage d’informations',
      'Work on improving the mechanisms for sharing information',
    ],
    story: [
      scheduled('2026-05-04'),
      conducted('2026-06-11', '2026-06-09', '2026-06-11'),
      note('2026-06-15', 'isr.planner', 'he', 'הוסכם על ערוץ קשר ייעודי ועל נוהל עדכון חודשי.', {
        classification: 'SECRET',
        releasableTo: ['MAR'],
        compartments: ['INTEL'],
      }),
      note('2026-11-12', 'mar.planner', 'fr', 'Premier bilan du canal d’échange : rapport final attendu fin novembre.'),
    ],
  },
  {
    plan: ['2026-INT-02', 'staff_talks', 'intelligence', 'ISR', ['MAR'], 'isrPlanning', 'Tel-Aviv', periodOf('2026-10'), 1],
    label: relIsr('SECRET'),
    title: {
      fr: 'Coordination face aux menaces identifiées comme communes',
      en: 'Coordination against threats identified as common',
    },
    source: [
      'B',
      'Coordination face à des menaces identifiées comme communes',
      'Coordination against threats identified as common',
    ],
    story: [
      scheduled('2026-09-28', 'Entretiens prévus les 20 et 21 octobre (illustratif).'),
      note('2026-10-19', 'isr.planner', 'en', 'Talks could not take place as planned; new dates under discussion.', {
        releasableTo: ['MAR'],
      }),
    ],
  },
  {
    plan: ['2026-DOC-01', 'seminar', 'doctrine', 'ISR', ['MAR'], 'isrPlanning', 'Tel-Aviv', days('2026-06-15', '2026-06-17'), 2],
    label: relIsr('UNCLASSIFIED'),
    title: {
      fr: 'Séminaire sur la compréhension mutuelle des modes opératoires',
      en: 'Seminar on mutual understanding of operating procedures',
      he: 'סמינר להבנה הדדית של נהלי הפעלה',
    },
    source: [
      'B',
      'Faciliter une compréhension mutuelle des modes opératoires, afin de gagner en efficacité lors d’éventuelles coopérations futures',
      'Mutual understanding of operating procedures, for efficiency in possible future cooperation',
    ],
    story: [
      scheduled('2026-05-20'),
      conducted('2026-06-24', '2026-06-22', '2026-06-24'),
      note('2026-06-25', 'isr.contributor', 'he', 'הסמינר הסתיים; הוכן מסמך השוואה של נהלים.', { releasableTo: ['MAR'] }),
      reported('2026-06-29', 'Tableau comparatif des procédures remis.'),
    ],
  },
  {
    plan: [
      '2026-DOC-02',
      'expert_exchange',
      'doctrine',
      'MAR',
      ['ISR'],
      'marPlanning',
      'Rabat',
      days('2026-09-15', '2026-09-16'),
      2,
    ],
    label: relIsr('UNCLASSIFIED'),
    title: { fr: 'Échange d’experts sur les procédures de coordination', en: 'Expert exchange on coordination procedures' },
    source: [
      'B',
      'Rapprocher les procédures des deux armées en vue de coopérations futures',
      'Bringing the two armed forces’ procedures closer for future cooperation',
    ],
    story: [
      postponed(
        '2026-09-08',
        periodOf('2026-Q4'),
        'Experts indisponibles en septembre ; reporté au 4e trimestre (motif illustratif).',
      ),
      note('2026-11-18', 'mar.contributor', 'fr', 'Liste des experts marocains arrêtée ; en attente de la liste israélienne.'),
    ],
  },
  {
    plan: [
      '2026-IND-01',
      'industry_visit',
      'industry',
      'MAR',
      ['ISR'],
      'marInspection',
      'Israël',
      days('2026-03-23', '2026-03-25'),
      2,
    ],
    label: relIsr('RESTRICTED'),
    title: {
      fr: 'Visite d’industries de défense israéliennes',
      en: 'Visit to Israeli defence industries',
      ar: 'زيارة صناعات دفاعية إسرائيلية',
    },
    source: [
      'A',
      'Visites d’industries de défense israéliennes inscrites au programme de la commission',
      'Visits to Israeli defence industries, part of the commission’s programme',
    ],
    story: [
      scheduled('2026-02-25'),
      conducted('2026-03-25', '2026-03-23', '2026-03-25'),
      reported('2026-04-03', 'Rapport de visite remis.'),
    ],
  },
  {
    plan: ['2026-IND-02', 'technical_meeting', 'industry', 'MAR', ['ISR'], 'elbit', 'Rabat', periodOf('2026-Q1'), 1],
    label: relIsr('CONFIDENTIAL', ['INDUS']),
    title: { fr: 'Suivi du programme ATMOS 2000 — revue du 1er trimestre', en: 'ATMOS 2000 programme follow-up — Q1 review' },
    source: [
      'A',
      'Suivi de la fourniture par Elbit Systems de 36 systèmes d’artillerie automoteurs ATMOS 2000 montés sur camions Tatra (environ 1,9 milliard de dirhams), retenus face au CAESAR de KNDS après une évaluation comparative',
      'Follow-up of Elbit Systems’ supply of 36 ATMOS 2000 self-propelled artillery systems on Tatra trucks (about 1.9 billion MAD), chosen over KNDS’s CAESAR after a comparative evaluation',
    ],
    story: [
      scheduled('2026-02-16'),
      conducted('2026-03-31', '2026-03-30', '2026-03-31'),
      report(
        '2026-04-08',
        'mar.contributor',
        'fr',
        'Revue trimestrielle tenue avec Elbit Systems ; jalons du contrat passés en revue (détail illustratif).',
      ),
      reported('2026-04-10', 'Revue trimestrielle consignée.'),
    ],
  },
  {
    plan: ['2026-IND-03', 'technical_meeting', 'industry', 'MAR', ['ISR'], 'elbit', 'Rabat', periodOf('2026-Q3'), 1],
    label: relIsr('CONFIDENTIAL', ['INDUS']),
    title: { fr: 'Suivi du programme ATMOS 2000 — revue du 3e trimestre', en: 'ATMOS 2000 programme follow-up — Q3 review' },
    source: [
      'A',
      'Suivi du programme ATMOS 2000 (36 systèmes, Elbit Systems)',
      'Follow-up of the ATMOS 2000 programme (36 systems, Elbit Systems)',
    ],
    story: [
      scheduled('2026-08-10'),
      conducted('2026-10-07', '2026-10-06', '2026-10-07'),
      note('2026-11-05', 'mar.contributor', 'fr', 'Compte rendu en cours de validation par la partie israélienne.'),
    ],
  },
  {
    plan: ['2026-IND-04', 'industry_visit', 'industry', 'MAR', ['ISR'], 'elbit', 'Région de Casablanca', periodOf('2026-06'), 1],
    label: relIsr('CONFIDENTIAL', ['INDUS']),
    title: {
      fr: 'Projet d’implantation de deux sites de production Elbit Systems au Maroc',
      en: 'Elbit Systems’ two planned production sites in Morocco',
    },
    source: [
      'A',
      'Elbit Systems a exprimé son intention d’établir deux sites de production au Maroc, dont un potentiellement dans la région de Casablanca',
      'Elbit Systems intends to set up two production sites in Morocco, one possibly in the Casablanca region',
    ],
    story: [
      postponed(
        '2026-05-28',
        periodOf('2026-09'),
        'Reportée à septembre : options de sites à affiner avant la visite (motif illustratif).',
      ),
      scheduled('2026-09-01'),
      conducted('2026-09-24', '2026-09-22', '2026-09-24'),
      note('2026-10-01', 'mar.contributor', 'fr', 'Deux sites candidats visités ; étude comparative attendue.'),
    ],
  },
  {
    plan: [
      '2026-IND-05',
      'technical_meeting',
      'industry',
      'MAR',
      ['ISR', 'USA'],
      'marInspection',
      'Rabat',
      days('2026-04-20', '2026-04-21'),
      1,
    ],
    label: tripartite('UNCLASSIFIED'),
    title: {
      fr: 'Complexe industriel de Benslimane — réunion tripartite de cadrage',
      en: 'Benslimane industrial complex — tripartite scoping meeting',
      ar: 'مجمع بنسليمان الصناعي — اجتماع ثلاثي تأطيري',
    },
    source: [
      'A',
      'Coopération tripartite avec les États-Unis : un complexe d’industrie militaire dans la région de Benslimane, entre Rabat et Casablanca',
      'Tripartite cooperation with the United States: a military-industrial complex in the Benslimane region, between Rabat and Casablanca',
    ],
    story: [
      scheduled('2026-03-30'),
      conducted('2026-04-21', '2026-04-20', '2026-04-21'),
      note('2026-04-22', 'usa.contributor', 'en', 'Scoping meeting held; the three parties agreed on a joint working group.', {
        releasableTo: ['MAR', 'ISR'],
      }),
      reported('2026-05-04', 'Groupe de travail tripartite constitué.'),
    ],
  },
  {
    plan: [
      '2026-IND-06',
      'industry_visit',
      'industry',
      'MAR',
      ['ISR', 'USA'],
      'marInspection',
      'Benslimane',
      periodOf('2026-Q3'),
      1,
    ],
    label: tripartite('CONFIDENTIAL'),
    title: {
      fr: 'Complexe industriel de Benslimane — reconnaissance du site',
      en: 'Benslimane industrial complex — site survey',
    },
    source: [
      'A',
      'Reconnaissance du site envisagé dans la région de Benslimane',
      'Survey of the planned site in the Benslimane region',
    ],
    story: [
      scheduled('2026-07-15'),
      conducted('2026-08-27', '2026-08-26', '2026-08-27'),
      note('2026-11-09', 'usa.contributor', 'en', 'Survey findings shared with the working group; report in preparation.', {
        releasableTo: ['MAR', 'ISR'],
      }),
    ],
  },
  {
    plan: ['2026-IND-07', 'staff_talks', 'industry', 'MAR', ['ISR', 'USA'], 'marInspection', 'Rabat', periodOf('2026-12'), 2],
    label: tripartite('RESTRICTED'),
    title: {
      fr: 'Complexe industriel de Benslimane — priorités : équipements de nouvelle génération',
      en: 'Benslimane industrial complex — priorities: new-generation equipment',
    },
    source: [
      'A',
      'Entretiens sur la priorité accordée aux équipements de nouvelle génération',
      'Talks on the priority given to new-generation equipment',
    ],
    story: [note('2026-11-20', 'mar.planner', 'fr', 'Invitations adressées aux parties israélienne et américaine.')],
  },
  {
    plan: ['2026-TRN-01', 'training', 'training', 'ISR', ['MAR'], 'isrPlanning', 'Israël', days('2026-07-13', '2026-07-24'), 2],
    label: relIsr('UNCLASSIFIED'),
    title: {
      fr: 'Formation et transfert de compétences : acquisition, formation et production',
      en: 'Training and skills transfer: acquisition, training and production combined',
      ar: 'التكوين ونقل الكفاءات: الاقتناء والتكوين والإنتاج',
    },
    source: [
      'B',
      'Approche combinant acquisition, formation et production ; transferts de compétences et montée en gamme des capacités locales',
      'An approach combining acquisition, training and production; skills transfer and a gradual rise of local capabilities',
    ],
    story: [
      scheduled('2026-06-22'),
      conducted('2026-07-24', '2026-07-13', '2026-07-24'),
      note('2026-07-27', 'mar.contributor', 'ar', 'أتم اثنا عشر ضابطا التكوين بنجاح.'),
      reported('2026-08-05', 'Douze stagiaires formés (chiffre illustratif).'),
    ],
  },
  {
    plan: ['2026-TRN-02', 'training', 'training', 'MAR', ['ISR'], 'elbit', 'Région de Casablanca', periodOf('2026-Q4'), 2],
    label: relIsr('RESTRICTED', ['INDUS']),
    title: {
      fr: 'Cours de maintenance pour techniciens des FAR (transfert de compétences)',
      en: 'Maintenance course for Royal Armed Forces technicians (skills transfer)',
    },
    source: [
      'B',
      'Transfert de compétences lié aux équipements acquis, dans une approche combinant acquisition, formation et production',
      'Skills transfer tied to acquired equipment, combining acquisition, training and production',
    ],
    story: [scheduled('2026-10-26', 'Cours fixé du 7 au 18 décembre (illustratif).')],
  },
  {
    plan: ['2026-TRN-03', 'expert_exchange', 'training', 'MAR', ['ISR'], 'marInspection', 'Rabat', periodOf('2026-05'), 3],
    label: relIsr('CONFIDENTIAL'),
    title: { fr: 'Échange d’experts sur la défense aérienne multicouche', en: 'Expert exchange on multi-layer air defence' },
    source: [
      'A',
      'Le déploiement du système Barak MX début 2026 dote le Maroc d’un premier bouclier aérien multicouche',
      'The Barak MX deployment in early 2026 gives Morocco its first multi-layer air shield',
    ],
    story: [
      cancelled(
        '2026-04-20',
        'Annulée d’un commun accord : le sujet est traité dans le cadre du programme concerné (motif illustratif).',
      ),
    ],
  },
  {
    plan: ['2026-ACQ-01', 'technical_meeting', 'acquisition', 'MAR', [], 'marPlanning', 'Rabat', periodOf('2026-Q1'), 2],
    label: marOnly('SECRET', ['INDUS']),
    title: {
      fr: 'Retour d’expérience sur l’évaluation comparative ATMOS 2000 / CAESAR',
      en: 'Lessons from the ATMOS 2000 / CAESAR comparative evaluation',
    },
    source: [
      'A',
      'L’ATMOS 2000 a été préféré au CAESAR de KNDS en raison de problèmes techniques persistants et d’un service client jugé insatisfaisant',
      'ATMOS 2000 was preferred to KNDS’s CAESAR, citing persistent technical problems and unsatisfactory customer service',
    ],
    story: [
      scheduled('2026-01-20'),
      conducted('2026-02-27', '2026-02-26', '2026-02-27'),
      note('2026-03-02', 'mar.planner', 'fr', 'Note interne : critères d’évaluation à reprendre pour les prochains programmes.'),
      reported('2026-03-06', 'Retour d’expérience versé au dossier.'),
    ],
  },
];

export const ACTIVITIES: DemoActivity[] = ACTIVITY_ROWS.map(activity);

/** Steps of the plan itself, in the days after the session. */
export const PLAN_STORY = {
  entered: '2026-01-12',
  proposed: '2026-01-13',
  approvedByMar: '2026-01-14',
  approvedByIsr: '2026-01-15',
  inExecution: '2026-01-16',
};
