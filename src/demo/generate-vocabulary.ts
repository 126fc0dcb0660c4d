import type { ACTIVITY_TYPES, DOMAINS } from '../domain/activity.schema.js';
import type { Language } from '../domain/common.schema.js';

// The words a generated data set is made of. All of it is illustrative: the
// generator exists to load and measure the system, not to state facts.

export interface GeneratedParty {
  code: string;
  name: { en: string; fr: string };
  /** Places where activities led by this party happen. */
  places: readonly string[];
}

export const GENERATED_PARTIES: readonly GeneratedParty[] = [
  { code: 'MAR', name: { en: 'Morocco', fr: 'Maroc' }, places: ['Rabat', 'Casablanca', 'Benslimane', 'Kénitra'] },
  { code: 'ISR', name: { en: 'Israel', fr: 'Israël' }, places: ['Tel Aviv', 'Haïfa'] },
  { code: 'USA', name: { en: 'United States', fr: 'États-Unis' }, places: ['Washington', 'Norfolk'] },
  { code: 'FRA', name: { en: 'France', fr: 'France' }, places: ['Paris', 'Toulon'] },
  { code: 'ESP', name: { en: 'Spain', fr: 'Espagne' }, places: ['Madrid', 'Rota'] },
  { code: 'GBR', name: { en: 'United Kingdom', fr: 'Royaume-Uni' }, places: ['London'] },
  { code: 'DEU', name: { en: 'Germany', fr: 'Allemagne' }, places: ['Berlin', 'Bonn'] },
  { code: 'ITA', name: { en: 'Italy', fr: 'Italie' }, places: ['Rome', 'Naples'] },
  { code: 'PRT', name: { en: 'Portugal', fr: 'Portugal' }, places: ['Lisbon'] },
  { code: 'NLD', name: { en: 'Netherlands', fr: 'Pays-Bas' }, places: ['The Hague'] },
  { code: 'BEL', name: { en: 'Belgium', fr: 'Belgique' }, places: ['Brussels'] },
  { code: 'GRC', name: { en: 'Greece', fr: 'Grèce' }, places: ['Athens'] },
  { code: 'TUR', name: { en: 'Türkiye', fr: 'Turquie' }, places: ['Ankara'] },
  { code: 'EGY', name: { en: 'Egypt', fr: 'Égypte' }, places: ['Cairo'] },
  { code: 'JOR', name: { en: 'Jordan', fr: 'Jordanie' }, places: ['Amman'] },
  { code: 'ARE', name: { en: 'United Arab Emirates', fr: 'Émirats arabes unis' }, places: ['Abu Dhabi'] },
  { code: 'SAU', name: { en: 'Saudi Arabia', fr: 'Arabie saoudite' }, places: ['Riyadh'] },
  { code: 'QAT', name: { en: 'Qatar', fr: 'Qatar' }, places: ['Doha'] },
  { code: 'TUN', name: { en: 'Tunisia', fr: 'Tunisie' }, places: ['Tunis'] },
  { code: 'SEN', name: { en: 'Senegal', fr: 'Sénégal' }, places: ['Dakar'] },
];

export const GENERATED_COMPARTMENTS = [
  { code: 'INDUS', name: 'Industrial cooperation' },
  { code: 'INTEL', name: 'Intelligence sharing' },
  { code: 'CYBER', name: 'Cyber defence' },
];

export interface GeneratedCommission {
  name: { fr: string; en: string };
  /** The first party owns the commission and its plans. */
  parties: readonly string[];
}

/** The first is the bilateral case the product is built for; its partner's viewer is the one the benchmark reads as. */
export const GENERATED_COMMISSIONS: readonly GeneratedCommission[] = [
  { name: { fr: 'Commission militaire mixte', en: 'Joint Military Commission' }, parties: ['MAR', 'ISR'] },
  {
    name: { fr: 'Comité tripartite de coopération industrielle', en: 'Tripartite industrial committee' },
    parties: ['USA', 'MAR', 'ISR'],
  },
  {
    name: { fr: 'Groupe de défense de la Méditerranée occidentale', en: 'Western Mediterranean defence group' },
    parties: ['FRA', 'MAR', 'ESP', 'PRT'],
  },
  {
    name: { fr: 'Groupe de planification transatlantique', en: 'Transatlantic planning group' },
    parties: ['ISR', 'USA', 'GBR', 'DEU'],
  },
  {
    name: { fr: 'Commission de coopération Afrique–Moyen-Orient', en: 'Africa–Middle East cooperation commission' },
    parties: ['MAR', 'TUN', 'SEN', 'EGY', 'JOR'],
  },
  {
    name: { fr: 'Dialogue multilatéral de défense', en: 'Multilateral defence dialogue' },
    parties: ['ITA', 'GRC', 'TUR', 'NLD', 'BEL', 'ARE', 'SAU', 'QAT', 'ISR', 'MAR'],
  },
];

type Bilingual = { fr: string; en: string };

export const TYPE_NAMES: Record<(typeof ACTIVITY_TYPES)[number], Bilingual> = {
  staff_talks: { fr: "Entretiens d'état-major", en: 'Staff talks' },
  technical_meeting: { fr: 'Réunion technique', en: 'Technical meeting' },
  unit_visit: { fr: "Visite d'une unité opérationnelle", en: 'Visit to an operational unit' },
  industry_visit: { fr: "Visite d'industries de défense", en: 'Visit to defence industry' },
  training: { fr: 'Stage de formation', en: 'Training course' },
  exercise: { fr: 'Exercice conjoint', en: 'Joint exercise' },
  seminar: { fr: 'Séminaire', en: 'Seminar' },
  expert_exchange: { fr: "Échange d'experts", en: 'Exchange of experts' },
  information_sharing: { fr: "Mécanisme d'échange d'informations", en: 'Information-sharing mechanism' },
};

export const DOMAIN_CODES: Record<(typeof DOMAINS)[number], string> = {
  planning: 'PLN',
  forces: 'FOR',
  industry: 'IND',
  logistics: 'LOG',
  intelligence: 'INT',
  doctrine: 'DOC',
  training: 'TRG',
  acquisition: 'ACQ',
};

export const TOPICS: Record<(typeof DOMAINS)[number], readonly Bilingual[]> = {
  planning: [
    { fr: 'planification à long terme', en: 'long-term planning' },
    { fr: 'développement capacitaire', en: 'capability building' },
    { fr: 'objectifs communs de coopération', en: 'common cooperation objectives' },
  ],
  forces: [
    { fr: 'organisation des forces', en: 'force organisation' },
    { fr: 'procédures opérationnelles', en: 'operating procedures' },
    { fr: 'défense aérienne multicouche', en: 'multi-layer air defence' },
  ],
  industry: [
    { fr: 'production locale', en: 'local production' },
    { fr: 'transfert de compétences', en: 'skills transfer' },
    { fr: 'complexe industriel de défense', en: 'defence-industrial complex' },
  ],
  logistics: [
    { fr: 'soutien logistique', en: 'logistic support' },
    { fr: "maintenance des systèmes d'artillerie", en: 'maintenance of artillery systems' },
    { fr: "chaîne d'approvisionnement", en: 'supply chain' },
  ],
  intelligence: [
    { fr: "partage d'informations", en: 'information sharing' },
    { fr: 'menaces communes', en: 'common threats' },
    { fr: 'surveillance satellitaire', en: 'satellite surveillance' },
  ],
  doctrine: [
    { fr: "doctrine d'emploi", en: 'employment doctrine' },
    { fr: "retour d'expérience", en: 'lessons learned' },
    { fr: 'interopérabilité', en: 'interoperability' },
  ],
  training: [
    { fr: 'formation des instructeurs', en: 'instructor training' },
    { fr: 'simulation', en: 'simulation' },
    { fr: 'formation technique', en: 'technical training' },
  ],
  acquisition: [
    { fr: 'évaluation comparative des offres', en: 'comparative evaluation of offers' },
    { fr: 'suivi de contrat', en: 'contract follow-up' },
    { fr: 'réception des livraisons', en: 'acceptance of deliveries' },
  ],
};

export const NOTE_BODIES: Record<Language, readonly string[]> = {
  fr: [
    'Compte rendu : les participants ont convenu des prochaines étapes.',
    'Point de situation transmis à la direction de la planification.',
    'Ordre du jour arrêté ; liste des participants en attente.',
    "Retour d'expérience partagé avec les unités concernées.",
  ],
  en: [
    'Report: the participants agreed on the next steps.',
    'Status update sent to the planning directorate.',
    'Agenda agreed; list of participants pending.',
    'Lessons learned shared with the units concerned.',
  ],
  ar: ['تقرير: اتفق المشاركون على الخطوات التالية.', 'تم إرسال تحديث الحالة إلى مديرية التخطيط.'],
  he: ['דוח: המשתתפים הסכימו על הצעדים הבאים.', 'עדכון מצב נשלח לאגף התכנון.'],
};

export const CANCEL_REASON = "Annulée d'un commun accord";
export const POSTPONE_REASON = 'Reportée à la demande de la partie partenaire';
