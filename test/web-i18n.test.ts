import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTION_ITEM_STATUSES } from '../src/domain/action-item.lifecycle.js';
import { ACTIVITY_STATUSES } from '../src/domain/activity.lifecycle.js';
import { ACTIVITY_TYPES, DOMAINS } from '../src/domain/activity.schema.js';
import { HISTORY_ACTIONS, HISTORY_FIELDS } from '../src/domain/activity-history.schema.js';
import { ACTIVITY_COLUMNS, ACTIVITY_GROUPS } from '../src/domain/activity-query.schema.js';
import { RECORD_KINDS } from '../src/domain/exchange/bundle-content.js';
import { FOLLOW_UP_KINDS } from '../src/domain/follow-up.schema.js';
import { INDICATOR_FREQUENCIES } from '../src/domain/indicator.schema.js';
import { PROJECT_STATUSES } from '../src/domain/industrial-project.lifecycle.js';
import {
  HISTORY_SUBJECT_TYPES,
  PROJECT_HISTORY_ACTIONS,
  PROJECT_HISTORY_FIELDS,
} from '../src/domain/industrial-project-history.js';
import { CLASSIFICATIONS } from '../src/domain/labels.js';
import { NOTIFICATION_KINDS } from '../src/domain/notification.schema.js';
import { CLAIM_STATUSES } from '../src/domain/offset.lifecycle.js';
import { CREDIT_CATEGORIES } from '../src/domain/offset.schema.js';
import { FIGURES } from '../src/domain/offset-ledger.js';
import { PLAN_STATUSES } from '../src/domain/plan.lifecycle.js';
import { DECISION_KINDS, DISPOSITIONS, JOINT_KINDS } from '../src/domain/plan-close.js';
import { PROGRAMME_STATUSES } from '../src/domain/programme.lifecycle.js';
import { MILESTONE_KINDS, MILESTONE_STATUSES } from '../src/domain/programme.schema.js';
import { REVISION_STATUSES } from '../src/domain/revision.schema.js';
import { CARRY_REASONS } from '../src/domain/rollover.js';
import { AGENDA_OUTCOMES, SESSION_STATUSES } from '../src/domain/session.lifecycle.js';
import { AGENDA_KINDS } from '../src/domain/session.schema.js';
import { ROLES } from '../src/domain/user.schema.js';

const WEB = fileURLToPath(new URL('../web/src/', import.meta.url));
const LANGUAGES = ['fr', 'en', 'ar', 'he'] as const;

/**
 * Keys built from a value (`t(\`domain.${d}\`)`) stand for one key per value
 * the domain allows; every such prefix in the code must be listed here.
 */
const DYNAMIC: Record<string, readonly (string | number)[]> = {
  'domain.': DOMAINS,
  'activityType.': ACTIVITY_TYPES,
  'activityStatus.': ACTIVITY_STATUSES,
  'planStatus.': PLAN_STATUSES,
  'classification.': CLASSIFICATIONS,
  'classificationShort.': CLASSIFICATIONS,
  'followUp.kind.': FOLLOW_UP_KINDS,
  'minutes.outcome.': AGENDA_OUTCOMES,
  'priority.': [1, 2, 3],
  'search.kind.': ['activity', 'follow_up'],
  'history.fields.': HISTORY_FIELDS,
  'history.actions.': HISTORY_ACTIONS.map((a) => a.replace(/^activity\./, '')),
  'plan.view.': ['table', 'timeline', 'calendar', 'results', 'curve', 'revisions', 'documents'],
  'timeline.by.': ['week', 'month', 'quarter'],
  'approval.moveTo.': PLAN_STATUSES,
  'revisionStatus.': REVISION_STATUSES,
  'dashboard.attention.': ['overdue', 'stale'],
  'notifications.kind.': NOTIFICATION_KINDS,
  'planDecisions.proposal.': JOINT_KINDS,
  'planDecisions.agree.': JOINT_KINDS,
  'planDecisions.disposition.': DISPOSITIONS,
  'planDecisions.kind.': DECISION_KINDS,
  'role.': ROLES,
  'sessionStatus.': SESSION_STATUSES,
  'sessions.moveTo.': SESSION_STATUSES,
  'agenda.kind.': AGENDA_KINDS,
  'actionItemStatus.': ACTION_ITEM_STATUSES,
  'actionItems.moveTo.': ACTION_ITEM_STATUSES,
  'actionItems.summary.': ['open', 'overdue', 'done', 'closedOnTime'],
  'programmes.status.': PROGRAMME_STATUSES,
  'programmes.moveTo.': PROGRAMME_STATUSES,
  'programmes.milestoneKind.': MILESTONE_KINDS,
  'programmes.milestoneStatus.': MILESTONE_STATUSES,
  'industry.progress.': ['on_time', 'late', 'not_started', 'done'],
  'programmes.rates.': ['since', 'until'],
  'offsets.figure.': FIGURES,
  'offsets.category.': CREDIT_CATEGORIES,
  'offsets.status.': CLAIM_STATUSES,
  'activities.group.': ACTIVITY_GROUPS,
  'bulk.actions.': ['transition', 'reassign', 'relabel', 'postpone'],
  'activities.column.': ACTIVITY_COLUMNS,
  'resultsEdit.frequencies.': INDICATOR_FREQUENCIES,
  'industry.status.': PROJECT_STATUSES,
  'exchange.use.': ['exchange', 'audit'],
  'exchange.state.': ['active', 'rotated_out', 'revoked', 'expired'],
  'exchange.kind.': RECORD_KINDS,
  'exchange.action.': ['created', 'updated', 'unchanged', 'withdrawn', 'not_held'],
  'rollover.reason.': CARRY_REASONS,
  'industryHistory.fields.': PROJECT_HISTORY_FIELDS,
  'industryHistory.actions.': PROJECT_HISTORY_ACTIONS.map((a) => a.replace(/^industrial_project\./, '')),
  'industryHistory.subject.': HISTORY_SUBJECT_TYPES,
  'partnerApprovals.': ['current', 'earlier', 'withdrawn'],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function flatten(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/**
 * A language's texts: the main catalogue and the ones loaded lazily with their
 * pages (procurement, the industrial projects' progress, the record graph, the offsets, the results' forms,
 * the activity table's bulk edit).
 */
const readTexts = (l: string) =>
  [
    '',
    'procurement/',
    'industry-progress/',
    'trace/',
    'offsets/',
    'results-forms/',
    'bulk-edit/',
    'industry-edits/',
    'industry-history/',
    'industry-visuals/',
    'received/',
    'exchange/',
    'rollover/',
  ].flatMap((dir) => flatten(JSON.parse(readFileSync(join(WEB, 'i18n', `${dir}${l}.json`), 'utf8'))));

const dictionaries = Object.fromEntries(LANGUAGES.map((l) => [l, new Set(readTexts(l))])) as Record<
  (typeof LANGUAGES)[number],
  Set<string>
>;

/** Every key the code asks for: `t('a.b')`, `t(\`a.${x}\`)`, and keys passed by name to a `t(cond ? 'a' : 'b')`. */
function usedKeys() {
  const literal = new Set<string>();
  const prefixes = new Set<string>();
  for (const file of sources(WEB)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([^']+)'/g)) literal.add(m[1] as string);
    for (const m of text.matchAll(/\bt\(\s*`([^`$]*)\$\{/g)) prefixes.add(m[1] as string);
    for (const m of text.matchAll(/\bt\(\s*[\w.]+\s*\?\s*'([^']+)'\s*:\s*'([^']+)'/g)) {
      literal.add(m[1] as string);
      literal.add(m[2] as string);
    }
  }
  return { literal, prefixes };
}

describe('web app translations', () => {
  const { literal, prefixes } = usedKeys();

  it('finds the keys the code uses', () => {
    expect(literal.size).toBeGreaterThan(50);
    expect(literal).toContain('signIn.title');
  });

  it.each(LANGUAGES)('has every key the code uses in %s', (lang) => {
    const missing = [...literal].filter((k) => !dictionaries[lang].has(k));
    expect(missing).toEqual([]);
  });

  it('knows the values behind every key built from a value', () => {
    expect([...prefixes].filter((p) => !(p in DYNAMIC))).toEqual([]);
  });

  it.each(LANGUAGES)('has a key for every value of the built keys in %s', (lang) => {
    const missing = [...prefixes]
      .flatMap((p) => (DYNAMIC[p] ?? []).map((v) => `${p}${v}`))
      .filter((k) => !dictionaries[lang].has(k));
    expect(missing).toEqual([]);
  });

  it('has the same keys in every language', () => {
    for (const lang of LANGUAGES) expect([...dictionaries[lang]].sort()).toEqual([...dictionaries.fr].sort());
  });
});
