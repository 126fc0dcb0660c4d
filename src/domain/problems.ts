import { z } from 'zod';
import { DomainError, type FieldIssue, type ProblemKind, type ProblemParams } from './errors.js';

/**
 * The problem catalogue: every error the API can answer has one stable code
 * here, dotted by area (`plan.*`, `activity.*`, `session.*`, `auth.*`,
 * `access.*`, `import.*`, `common.*`...). `text` is the English `detail` for
 * API clients, with i18next-style `{{param}}` placeholders; the web app shows
 * its own translation of the code (web/src/i18n/problems/*.json), with the
 * same placeholders, and never the English text.
 *
 * Codes under `field.*` name the issues of one field (`errors[].code`); the
 * others are whole problems. Field issues raised by the schemas themselves
 * carry zod's issue codes (`too_small`, `invalid_type`...), which the web
 * translates through zod's locales; a refinement of a schema names its
 * catalogue code in the refinement's `params: { code }`.
 *
 * Naming convention for params the web translates rather than shows as they
 * are: a param named after a family of values, or that name followed by a
 * capitalised suffix (`activityStatus`, `activityStatusTo`), holds a value of
 * that family and is shown through the web's key `<prefix>.<value>`; a value
 * holding several, separated by ", ", is translated one by one. The families
 * are TRANSLATED_PARAMS below. Any other param is shown as it is.
 *
 * Adding an error = an entry here + four translations;
 * test/problems-i18n.test.ts fails otherwise.
 */
/** `edge`: answered only by the HTTP edge, which sets its status itself (415, 500). */
export type ProblemSpec = { readonly kind: ProblemKind | 'edge'; readonly text: string };

export const PROBLEMS = {
  // The generic problem of each kind.
  'common.invalid': { kind: 'invalid', text: 'Invalid request' },
  'common.not_found': { kind: 'not_found', text: 'Not found' },
  'common.conflict': { kind: 'conflict', text: 'Conflict' },
  'common.frozen': { kind: 'frozen', text: 'Record frozen' },
  'common.forbidden': { kind: 'forbidden', text: 'Not allowed' },
  'common.unauthenticated': { kind: 'unauthenticated', text: 'Sign in first' },
  'common.too_many': { kind: 'too_many', text: 'Too many requests' },
  'common.too_large': { kind: 'too_large', text: 'Too large' },
  'common.unprocessable': { kind: 'unprocessable', text: 'Over a limit' },

  // The server's edge: requests refused before any use case runs.
  'request.invalid_fields': { kind: 'invalid', text: 'The {{where}} has {{count}} invalid field(s)' },
  'request.empty_json': { kind: 'invalid', text: 'The JSON body is empty' },
  'request.malformed_json': { kind: 'invalid', text: 'The body is not valid JSON' },
  'request.body_too_large': { kind: 'too_large', text: 'The request body is over {{limit}}' },
  'request.unsupported_media_type': { kind: 'edge', text: 'Send the body as {{type}}' },
  'request.unavailable': { kind: 'edge', text: 'Documents cannot be made right now' },
  'request.rate_limited': { kind: 'too_many', text: 'Slow down' },
  'request.bad_request': { kind: 'invalid', text: 'Bad request' },
  'request.internal': { kind: 'edge', text: 'Something went wrong on our side (request {{request}})' },
  'request.no_route': { kind: 'not_found', text: 'No route {{method}} {{path}}' },
  'request.takes_no_body': { kind: 'invalid', text: 'This request takes no body' },
  'request.nul_character': { kind: 'invalid', text: 'Text must not contain NUL characters' },
  'request.too_deep': { kind: 'invalid', text: 'The body nests deeper than {{max}} levels' },
  'request.bad_if_match': { kind: 'invalid', text: 'If-Match must be the version of the record, e.g. "3"' },

  'import.workbook_media_type': { kind: 'edge', text: 'Send the workbook with Content-Type {{type}}' },

  // Issues of one field (errors[].code).
  'field.unknown_field': { kind: 'invalid', text: 'unknown field' },
  'field.required': { kind: 'invalid', text: 'required' },
  'field.nul_character': { kind: 'invalid', text: 'contains a NUL character' },
  'field.too_deep': { kind: 'invalid', text: 'nested deeper than {{max}} levels' },
  'field.send_no_body': { kind: 'invalid', text: 'send no body, or {}' },
  'field.not_a_version': { kind: 'invalid', text: 'not a version' },
  'period.end_before_start': { kind: 'invalid', text: 'end must not be before start' },
  'activity.cannot_move': {
    kind: 'invalid',
    text: 'An activity cannot move from {{activityStatus}} to {{activityStatusTo}}; it can move to: {{activityStatusAllowed}}',
  },
  'activity.cannot_move_final': {
    kind: 'invalid',
    text: 'An activity cannot move from {{activityStatus}} to {{activityStatusTo}}; it is final',
  },
  'activity.move_not_allowed': { kind: 'invalid', text: 'not allowed from {{activityStatus}}' },
  'activity.cancel_needs_reason': { kind: 'invalid', text: 'Cancelling needs a reason' },
  'activity.postpone_needs_period': { kind: 'invalid', text: 'Postponing needs the new planned period' },
  'activity.postpone_not_later': { kind: 'invalid', text: 'The new period must start after the current one' },
  'activity.postpone_needs_reason': { kind: 'invalid', text: 'Postponing needs a reason' },
  'activity.ends_before_start': { kind: 'invalid', text: 'The activity cannot end before it starts' },
  'activity.conducted_in_future': { kind: 'invalid', text: 'An activity cannot be conducted in the future' },
  'activity.conducted_before_end': { kind: 'invalid', text: 'An activity cannot be conducted before it ends' },
  'field.must_be_after': { kind: 'invalid', text: 'must be after {{date}}' },
  'field.before_actual_start': { kind: 'invalid', text: 'before actualStart' },
  'field.after_today': { kind: 'invalid', text: 'after {{date}}' },
  'import.cannot_move': {
    kind: 'invalid',
    text: 'cannot move from {{activityStatus}} to {{activityStatusTo}}; it can move to: {{activityStatusAllowed}}',
  },
  'import.cannot_move_final': {
    kind: 'invalid',
    text: 'cannot move from {{activityStatus}} to {{activityStatusTo}}; it is final',
  },
  'import.new_postponed': {
    kind: 'invalid',
    text: 'a new activity cannot arrive postponed: its earlier period is unknown here; import it planned, then postpone it',
  },
  'import.postponements_mismatch': {
    kind: 'invalid',
    text: 'would be {{expected}} here: each postponement is one move with its new period, and postponements are never undone',
  },
  'import.move_needs_reason': {
    kind: 'invalid',
    text: 'moving to {{activityStatus}} needs a reason: give it as the body of a status_change follow-up with toStatus {{activityStatus}}',
  },
  'import.actual_dates_fixed': {
    kind: 'invalid',
    text: 'was recorded as {{start}}–{{end}} when the activity was conducted; it does not change',
  },
  'session.cannot_move': {
    kind: 'invalid',
    text: 'A session cannot move from {{sessionStatus}} to {{sessionStatusTo}}; it can move to: {{sessionStatusAllowed}}',
  },
  'session.cannot_move_final': {
    kind: 'invalid',
    text: 'A session cannot move from {{sessionStatus}} to {{sessionStatusTo}}; it is final',
  },
  'session.move_not_allowed': { kind: 'invalid', text: 'not allowed from {{sessionStatus}}' },
  'commission.not_a_party': { kind: 'invalid', text: '{{party}} is not a party of this commission' },
  'session.minutes_already_approved': { kind: 'invalid', text: '{{party}} has already approved these minutes' },
  'session.held_before_start': {
    kind: 'invalid',
    text: 'A session is held on or after its first day, {{startDate}}; today is {{today}}',
  },
  'field.not_before': { kind: 'invalid', text: 'not before {{date}}' },
  'session.held_started_by': { kind: 'invalid', text: 'a held session started on or before {{date}}' },
  'session.minutes_unreadable_items': {
    kind: 'invalid',
    text: '{{count}} agenda item(s) of these minutes are not releasable to you: their owner must release them to your party, or a planner of your party cleared for them must approve',
  },
  'session.unreadable_items': { kind: 'invalid', text: '{{count}} agenda item(s) you cannot read' },
  'session.minutes_open_items': {
    kind: 'invalid',
    text: '{{count}} of {{total}} agenda item(s) have no outcome yet: record a decision, a point noted or a point deferred for each before approving the minutes',
  },
  'session.items_without_outcome': { kind: 'invalid', text: '{{count}} agenda item(s) without an outcome' },
  'minutes.decision_needs_text': { kind: 'invalid', text: 'A decision needs its decisions written' },
  'minutes.decisions_required': { kind: 'invalid', text: 'required for the outcome decision' },
  'action_item.cannot_move': {
    kind: 'invalid',
    text: 'An action item cannot move from {{actionItemStatus}} to {{actionItemStatusTo}}; it can move to: {{actionItemStatusAllowed}}',
  },
  'action_item.cannot_move_final': {
    kind: 'invalid',
    text: 'An action item cannot move from {{actionItemStatus}} to {{actionItemStatusTo}}; it is final',
  },
  'action_item.move_not_allowed': { kind: 'invalid', text: 'not allowed from {{actionItemStatus}}' },
  'action_item.drop_needs_reason': { kind: 'invalid', text: 'Dropping an action item needs a reason' },
  'session.record_frozen': { kind: 'frozen', text: 'The minutes of this session are approved: its record is frozen' },
  'session.agenda_frozen': {
    kind: 'frozen',
    text: 'The session is {{sessionStatus}}: its agenda is the record of what was discussed and can no longer be changed',
  },
  'agenda.link_required': { kind: 'invalid', text: 'required for an item of kind {{agendaKind}}' },
  'agenda.link_not_for_kind': { kind: 'invalid', text: 'not for an item of kind {{agendaKind}}' },
  'agenda.links': { kind: 'invalid', text: 'An agenda item of kind {{agendaKind}} links only the record its kind names' },
  'agenda.links_nothing': { kind: 'invalid', text: 'An agenda item of kind {{agendaKind}} links nothing' },
  'agenda.order_repeated': { kind: 'invalid', text: 'Name each agenda item once' },
  'field.repeated': { kind: 'invalid', text: 'repeated: {{ids}}' },
  'agenda.order_stale': {
    kind: 'conflict',
    text: 'The agenda was changed meanwhile: reload it and order every item it now holds',
  },
  'period.not_a_period': {
    kind: 'invalid',
    text: 'Not a period: {{spec}}; write a month (2026-03), a quarter (2026-Q2) or a day (2026-03-14)',
  },
  'period.not_month_quarter_day': { kind: 'invalid', text: 'not a month, quarter or day' },
  'curve.too_many_points': { kind: 'unprocessable', text: 'The curve would have over {{max}} points' },
  'curve.over_points': { kind: 'unprocessable', text: 'over {{max}} points' },
  'user.not_found': { kind: 'not_found', text: 'User not found' },
  'user.beyond_reach': {
    kind: 'forbidden',
    text: 'This user holds a clearance or compartments beyond yours: only an administrator holding them may manage it',
  },
  'access.only_party_admins': { kind: 'forbidden', text: 'Only administrators of {{party}} may manage its users' },
  'user.own_roles': { kind: 'forbidden', text: 'Nobody changes their own roles' },
  'user.own_clearance': { kind: 'forbidden', text: 'Nobody changes their own clearance' },
  'user.own_compartments': { kind: 'forbidden', text: 'Nobody changes their own compartments' },
  'user.own_deactivation': { kind: 'invalid', text: 'You cannot deactivate your own account' },
  'user.grant_role_not_held': { kind: 'forbidden', text: 'You cannot grant a role you do not hold: {{role}}' },
  'user.grant_clearance_above': { kind: 'forbidden', text: 'You cannot grant a clearance above your own' },
  'user.grant_compartment_not_held': {
    kind: 'forbidden',
    text: 'You cannot grant a compartment you do not hold: {{compartments}}',
  },
  'user.last_admin': { kind: 'conflict', text: '{{party}} would be left without an active administrator' },
  'clearance.request_not_found': { kind: 'not_found', text: 'Clearance request not found' },
  'clearance.only_officers_decide': { kind: 'forbidden', text: 'Only a security officer decides a raise' },
  'clearance.own_raise': { kind: 'forbidden', text: 'Nobody decides a raise of their own clearance' },
  'clearance.asker_confirms': {
    kind: 'forbidden',
    text: 'The one who asked for a raise cannot confirm it: another security officer must',
  },
  'clearance.officer_not_covering': {
    kind: 'forbidden',
    text: 'Only a security officer holding the clearance and compartments asked for may confirm this raise',
  },
  'auth.account_inactive': { kind: 'unauthenticated', text: 'Your account is no longer active' },
  'clearance.raise_pending': {
    kind: 'conflict',
    text: 'A raise of {{username}} already awaits a security officer: it must be confirmed or refused first',
  },
  'clearance.only_officers_list': {
    kind: 'forbidden',
    text: 'Only security officers and administrators see the raises awaiting confirmation',
  },
  'clearance.already_confirmed': { kind: 'conflict', text: 'This raise was already confirmed' },
  'clearance.already_refused': { kind: 'conflict', text: 'This raise was already refused' },
  'clearance.decided_meanwhile': { kind: 'conflict', text: 'This raise was decided meanwhile' },
  'user.changed_meanwhile_retry': { kind: 'conflict', text: 'User was changed meanwhile; try again' },
  'activity.not_found': { kind: 'not_found', text: 'Activity not found' },
  'plan.not_found': { kind: 'not_found', text: 'Plan not found' },
  'objective.not_found': { kind: 'not_found', text: 'Objective not found' },
  'indicator.not_found': { kind: 'not_found', text: 'Indicator not found' },
  'session.not_found': { kind: 'not_found', text: 'Session not found' },
  'agenda_item.not_found': { kind: 'not_found', text: 'Agenda item not found' },
  'action_item.not_found': { kind: 'not_found', text: 'Action item not found' },
  'commission.not_found': { kind: 'not_found', text: 'Commission not found' },
  'amendment.not_found': { kind: 'not_found', text: 'Amendment not found' },
  'token.not_found': { kind: 'not_found', text: 'Token not found' },
  'source.not_found': { kind: 'not_found', text: 'Source not found' },
  'measurement.not_found': { kind: 'not_found', text: 'Measurement not found' },
  'notification.not_found': { kind: 'not_found', text: 'Notification not found' },
  'calendar.not_found': { kind: 'not_found', text: 'Calendar not found' },
  'activity.stale_version': {
    kind: 'conflict',
    text: 'Activity was changed meanwhile: you had version {{had}}, it is now {{now}}',
  },
  'plan.stale_version': { kind: 'conflict', text: 'Plan was changed meanwhile: you had version {{had}}, it is now {{now}}' },
  'objective.stale_version': {
    kind: 'conflict',
    text: 'Objective was changed meanwhile: you had version {{had}}, it is now {{now}}',
  },
  'indicator.stale_version': {
    kind: 'conflict',
    text: 'Indicator was changed meanwhile: you had version {{had}}, it is now {{now}}',
  },
  'session.stale_version': {
    kind: 'conflict',
    text: 'Session was changed meanwhile: you had version {{had}}, it is now {{now}}',
  },
  'agenda_item.stale_version': {
    kind: 'conflict',
    text: 'Agenda item was changed meanwhile: you had version {{had}}, it is now {{now}}',
  },
  'action_item.stale_version': {
    kind: 'conflict',
    text: 'Action item was changed meanwhile: you had version {{had}}, it is now {{now}}',
  },
  'user.stale_version': { kind: 'conflict', text: 'User was changed meanwhile: you had version {{had}}, it is now {{now}}' },
  'activity.changed_meanwhile': { kind: 'conflict', text: 'Activity was changed meanwhile: read it again' },
  'plan.changed_meanwhile': { kind: 'conflict', text: 'Plan was changed meanwhile: read it again' },
  'objective.changed_meanwhile': { kind: 'conflict', text: 'Objective was changed meanwhile: read it again' },
  'indicator.changed_meanwhile': { kind: 'conflict', text: 'Indicator was changed meanwhile: read it again' },
  'session.changed_meanwhile': { kind: 'conflict', text: 'Session was changed meanwhile: read it again' },
  'agenda_item.changed_meanwhile': { kind: 'conflict', text: 'Agenda item was changed meanwhile: read it again' },
  'action_item.changed_meanwhile': { kind: 'conflict', text: 'Action item was changed meanwhile: read it again' },
  'user.changed_meanwhile': { kind: 'conflict', text: 'User was changed meanwhile: read it again' },
  'agenda.changed_meanwhile': { kind: 'conflict', text: 'The agenda was changed meanwhile: read it again' },
  'activity.label_hides': { kind: 'conflict', text: 'The new label would hide this activity from you' },
  'plan.label_hides': { kind: 'conflict', text: 'The new label would hide this plan from you' },
  'objective.label_hides': { kind: 'conflict', text: 'The new label would hide this objective from you' },
  'indicator.label_hides': { kind: 'conflict', text: 'The new label would hide this indicator from you' },
  'common.changed_meanwhile': { kind: 'conflict', text: 'A record this change touches was changed meanwhile: read it again' },
  'amendment.changed_meanwhile': { kind: 'conflict', text: 'Amendment {{number}} was changed meanwhile: read it again' },
  'auth.bad_authorization': { kind: 'unauthenticated', text: 'Authorization must be `Bearer <token>`' },
  'auth.cross_site': { kind: 'forbidden', text: 'This write comes from another site; send it from the JointPlan app' },
  'request.bad_query': { kind: 'invalid', text: 'Bad query' },
  'import.dry_run_flag': { kind: 'invalid', text: 'true or false; nothing was imported' },
  'access.only_planners': { kind: 'forbidden', text: 'Only planners may change plans and activities' },
  'access.only_owner_planners': { kind: 'forbidden', text: 'Only planners of {{party}} may change this record' },
  'access.only_contributors_follow_up': { kind: 'forbidden', text: 'Only contributors and planners may add follow-ups' },
  'access.only_involved_follow_up': {
    kind: 'forbidden',
    text: 'Only parties leading or taking part in this activity may add follow-ups',
  },
  'access.only_planners_action_items': { kind: 'forbidden', text: 'Only planners may change action items' },
  'access.only_action_item_parties': {
    kind: 'forbidden',
    text: 'Only planners of {{party}} or {{responsibleParty}} may change this action item',
  },
  'access.only_officers_audit': { kind: 'forbidden', text: 'Only security officers may read the audit log' },
  'action_item.closed': {
    kind: 'frozen',
    text: 'This action item is {{actionItemStatus}}: it is closed and can no longer be changed',
  },
  'action_item.responsible_not_party': { kind: 'invalid', text: 'The responsible party must be a party of the commission' },
  'activity.has_follow_ups': { kind: 'conflict', text: 'This activity has follow-ups and cannot be deleted: cancel it instead' },
  'activity.ref_code_taken': { kind: 'conflict', text: 'Reference code {{refCode}} is already used in this plan' },
  'activity.unknown_organisation': { kind: 'invalid', text: 'Unknown organisation' },
  'agenda.link_not_in_commission': { kind: 'invalid', text: 'A linked record is not one of this commission' },
  'agenda.no_such_action_item': { kind: 'invalid', text: 'no such action item in this commission' },
  'agenda.no_such_activity': { kind: 'invalid', text: 'no such activity in this commission' },
  'agenda.no_such_plan': { kind: 'invalid', text: 'no such plan in this commission' },
  'agenda_item.has_minutes': {
    kind: 'frozen',
    text: 'This agenda item has minutes: it is part of the record and cannot be removed',
  },
  'amendment.already_approved': { kind: 'invalid', text: '{{party}} has already approved amendment {{number}}' },
  'amendment.approve_not_proposed': {
    kind: 'invalid',
    text: 'Amendment {{number}} is {{revisionStatus}}; only a proposed amendment can be approved',
  },
  'amendment.pending': { kind: 'conflict', text: 'Amendment {{number}} is still {{revisionStatus}}; finish it first' },
  'amendment.plan_not_adopted': {
    kind: 'invalid',
    text: 'A plan that is {{planStatus}} is edited directly; amendments are for adopted plans',
  },
  'amendment.propose_not_open': {
    kind: 'invalid',
    text: 'Amendment {{number}} is {{revisionStatus}}; only an open amendment can be proposed',
  },
  'amendment.proposed_meanwhile': {
    kind: 'conflict',
    text: 'Amendment {{number}} was proposed meanwhile: its content is frozen',
  },
  'audit.chain_shorter': {
    kind: 'conflict',
    text: 'The audit chain is shorter than its last checkpoint: run `jointplan audit verify`',
  },
  'audit.head_not_signed': {
    kind: 'conflict',
    text: 'The last audit entry is not signed by this installation: run `jointplan audit verify`',
  },
  'audit.no_signing_key': { kind: 'conflict', text: 'This installation has no audit signing key' },
  'auth.account_disabled': { kind: 'unauthenticated', text: 'The account {{username}} is disabled' },
  'auth.wrong_credentials': { kind: 'unauthenticated', text: 'Wrong username or password' },
  'commission.own_party_missing': { kind: 'invalid', text: 'Your party must be one of the commission parties' },
  'field.add_party': { kind: 'invalid', text: 'add {{party}}' },
  'field.no_such_organisation': { kind: 'invalid', text: 'no such organisation' },
  'field.no_such_source': { kind: 'invalid', text: 'no such source' },
  'field.on_or_after': { kind: 'invalid', text: 'on or after {{date}}' },
  'field.one_of': { kind: 'invalid', text: 'one of {{values}}' },
  'field.ref_code_used': { kind: 'conflict', text: 'already used in this plan' },
  'field.session_number_used': { kind: 'conflict', text: 'already used by another session' },
  'field.text_in_one_language': { kind: 'invalid', text: 'give the text in at least one language' },
  'field.unknown_ids': { kind: 'invalid', text: 'unknown: {{ids}}' },
  'field.unknown_party': { kind: 'invalid', text: 'unknown party' },
  'field.wrong_password': { kind: 'invalid', text: 'wrong password' },
  'indicator.baseline_after_measurement': { kind: 'invalid', text: 'A measurement would be older than the baseline' },
  'indicator.first_measurement': { kind: 'invalid', text: 'on or before {{date}}, the first measurement' },
  'indicator.not_before_baseline': { kind: 'invalid', text: 'must not be before baselineDate' },
  'indicator.target_before_baseline': { kind: 'invalid', text: 'The target date is before the baseline date' },
  'label.above_clearance': {
    kind: 'invalid',
    text: 'A record cannot be labelled above your own clearance or outside your compartments',
  },
  'label.at_most': { kind: 'invalid', text: 'at most {{classification}}, compartments within yours' },
  'measurement.already_corrected': { kind: 'conflict', text: 'This measurement was already corrected on {{date}}' },
  'measurement.already_withdrawn': { kind: 'conflict', text: 'This measurement was already withdrawn on {{date}}' },
  'measurement.before_baseline': { kind: 'invalid', text: 'A measurement cannot be older than the baseline' },
  'measurement.correction_unchanged': { kind: 'invalid', text: 'The correction changes nothing' },
  'measurement.give_different': { kind: 'invalid', text: 'give a different date, value or source' },
  'minutes.session_status': {
    kind: 'invalid',
    text: 'Minutes are recorded while a session is convened or held; this one is {{sessionStatus}}',
  },
  'objective.activities_not_in_plan': { kind: 'invalid', text: 'Some activities are not in this plan' },
  'objective.delete_loses_measurements': {
    kind: 'conflict',
    text: 'Deleting this objective would lose the measurements of {{indicators}}: withdraw them first, each with its reason',
  },
  'objective.hidden_indicators': { kind: 'conflict', text: 'This objective has indicators you may not delete' },
  'party.unknown': { kind: 'invalid', text: 'Unknown party {{party}}' },
  'plan.closed': { kind: 'invalid', text: 'A closed plan cannot change' },
  'plan.content_frozen': { kind: 'invalid', text: 'The plan is {{planStatus}}: open an amendment to change its content' },
  'plan.no_open_amendment': { kind: 'invalid', text: 'no open amendment' },
  'plan.not_a_party': { kind: 'invalid', text: "{{party}} is not a party of this plan's commission" },
  'request.version_required': {
    kind: 'invalid',
    text: 'Say which version you changed: `version` in the body or an If-Match header',
  },
  'revision.no_content': { kind: 'invalid', text: 'Revision {{revision}} of this plan has no frozen content' },
  'revision.none': { kind: 'invalid', text: 'no revision {{revision}}' },
  'session.agenda_closed': { kind: 'invalid', text: 'The minutes of this session are approved; its agenda is closed' },
  'session.agenda_not_preparable': {
    kind: 'invalid',
    text: 'The agenda of a session that is {{sessionStatus}} can no longer be prepared',
  },
  'session.cannot_change': { kind: 'invalid', text: 'The session cannot be changed so' },
  'session.delegation_not_party': { kind: 'invalid', text: 'Delegation members must belong to commission parties' },
  'session.ends_before_start': { kind: 'invalid', text: 'the session must not end before it starts' },
  'session.host_not_party': { kind: 'invalid', text: 'The host must be a party of the commission' },
  'session.number_taken': { kind: 'conflict', text: 'Session {{number}} of this commission already exists' },
  'source.publisher_field': { kind: 'invalid', text: 'required for press_article' },
  'source.publisher_required': { kind: 'invalid', text: 'A press article needs its publisher' },
  'source.unknown': { kind: 'invalid', text: 'Unknown source' },
  'token.whose': { kind: 'invalid', text: 'Say whose tokens to list' },
  'user.current_password_wrong': { kind: 'invalid', text: 'The current password is wrong' },
  'user.own_password_field': { kind: 'invalid', text: 'use /api/me/password for your own account' },
  'user.reset_own_password': { kind: 'invalid', text: 'Change your own password with your current one (POST /api/me/password)' },
  'user.username_taken': { kind: 'conflict', text: 'Username {{username}} is taken' },
  'period.start_invalid': { kind: 'invalid', text: 'start is not a valid date' },
  'period.month_start': { kind: 'invalid', text: 'start of a month period must be the first day of the month' },
  'period.month_end': { kind: 'invalid', text: 'end of a month period must be the last day of the same month' },
  'period.quarter_start': { kind: 'invalid', text: 'start of a quarter period must be the first day of the quarter' },
  'period.quarter_end': { kind: 'invalid', text: 'end of a quarter period must be the last day of the same quarter' },
  'period.not_before_start': { kind: 'invalid', text: 'must not be before periodStart' },
  'period.plan_too_long': { kind: 'invalid', text: 'a plan runs at most {{years}} years' },
  'import.status_change_needs_to': { kind: 'invalid', text: 'a status change needs toStatus' },
  'import.no_status_change': { kind: 'invalid', text: 'a {{followUpKind}} has no status change' },
  'import.too_many_follow_ups': { kind: 'invalid', text: '{{count}} follow-ups: at most {{max}} in one file' },
  'import.actual_start_required': { kind: 'invalid', text: 'required when the activity is {{activityStatus}}' },
  'import.no_actual_dates': { kind: 'invalid', text: 'an activity that is {{activityStatus}} has no actual dates' },
  'import.postponed_once': { kind: 'invalid', text: 'a postponed activity has been postponed at least once' },
  'import.duplicate_ref_code': { kind: 'invalid', text: 'reference code {{refCode}} at this label is already used at {{first}}' },
  'import.duplicate_id': { kind: 'invalid', text: 'this id is already used at {{first}}' },
  'import.duplicate_source_id': { kind: 'invalid', text: 'this source id is already used at {{first}}' },
  'auth.throttled': { kind: 'too_many', text: 'Too many sign-in attempts; try again in {{seconds}} seconds' },
  'demo.activities_count': { kind: 'invalid', text: 'The number of activities must be a whole number from 1 to {{max}}' },
  'demo.seed': { kind: 'invalid', text: 'The seed must be a whole number from 0 to 4294967295' },
  'demo.database_not_empty': {
    kind: 'conflict',
    text: 'The database already holds data; generate writes only into an empty database',
  },
  'demo.clash': { kind: 'conflict', text: 'The demo is already loaded here, or clashes with existing data: {{clash}}' },
  'field.bad_cursor': { kind: 'invalid', text: 'invalid cursor' },
  'field.value_given': { kind: 'invalid', text: '{{value}}' },
  'request.bad_cursor': { kind: 'invalid', text: 'The cursor is not one this server gave out' },
  'request.unknown_sort': { kind: 'invalid', text: 'Unknown sort {{sort}}' },
  'label.unknown_compartment': { kind: 'invalid', text: 'Unknown compartments {{compartment}}' },
  'import.ambiguous_ref_code': {
    kind: 'invalid',
    text: '{{count}} activities you can read carry this code: give the id of the one to change',
  },
  'import.follow_up_other_party': { kind: 'invalid', text: 'written by {{party}}: only {{party}} can import it' },
  'import.follow_up_fixed': { kind: 'invalid', text: 'a follow-up entry is kept as written: an import does not change it' },
  'import.missing_column': { kind: 'invalid', text: 'missing column {{column}}' },
  'import.missing_columns': { kind: 'invalid', text: 'The Activities sheet lacks columns of the template' },
  'import.missing_sheets': {
    kind: 'invalid',
    text: 'The workbook needs the sheets "Plan" and "Activities" of the JointPlan template',
  },
  'import.missing_sheets_field': { kind: 'invalid', text: 'missing sheet Plan or Activities' },
  'import.new_plan_status': {
    kind: 'invalid',
    text: 'a new plan is imported as draft or proposed: {{planStatus}} needs the approval of every commission party here',
  },
  'import.no_such_source': { kind: 'invalid', text: 'no such source: give it in sources' },
  'import.not_xlsx': { kind: 'invalid', text: 'The file is not an Excel workbook (.xlsx)' },
  'import.not_xlsx_field': { kind: 'invalid', text: 'not an .xlsx workbook' },
  'import.other_owner': { kind: 'invalid', text: 'is {{ownerParty}}: an import writes records of {{party}} only' },
  'import.plan_commission_fixed': { kind: 'invalid', text: 'a plan cannot move to another commission' },
  'import.plan_of_other_party': { kind: 'invalid', text: 'this plan belongs to {{party}}; only its planners can import into it' },
  'import.plan_status_fixed': {
    kind: 'invalid',
    text: 'the plan is {{planStatus}} here; plans move through their lifecycle by transitions',
  },
  'import.refused': { kind: 'invalid', text: 'The file has {{count}} problems; nothing was imported' },
  'import.refused_one': { kind: 'invalid', text: 'The file has {{count}} problem; nothing was imported' },
  'import.refused_first': {
    kind: 'invalid',
    text: 'The file has {{count}} problems; nothing was imported (the first {{max}} are listed)',
  },
  'import.workbook_cells': { kind: 'too_large', text: 'The workbook has over {{cells}} cells' },
  'import.workbook_memory': { kind: 'too_large', text: 'The workbook needs more than {{mb}} MB to read' },
  'import.workbook_rows': { kind: 'too_large', text: 'The workbook has over {{rows}} rows' },
  'import.workbook_too_large': { kind: 'too_large', text: 'The workbook is over {{mib}} MiB' },
  'import.workbook_too_slow': { kind: 'unprocessable', text: 'The workbook takes longer than {{seconds}} seconds to read' },
  'import.workbook_too_slow_field': { kind: 'unprocessable', text: 'over {{seconds}} seconds to read' },
  'import.workbook_unpacks_too_large': { kind: 'too_large', text: 'The workbook unpacks to over {{mib}} MiB' },
  'import.workbooks_busy': { kind: 'too_many', text: '{{count}} workbooks are being read; try again in a minute' },

  // Writing a plan (app/plan.usecases.ts).
  'plan.period_invalid': { kind: 'invalid', text: 'The period of the plan is not valid' },
  'plan.unknown_commission': { kind: 'invalid', text: 'Unknown commission' },
  'plan.unknown_session': { kind: 'invalid', text: 'Unknown session of this commission' },
  'field.no_such_commission': { kind: 'invalid', text: 'no such commission' },
  'field.no_such_session': { kind: 'invalid', text: 'no such session' },
  'field.not_a_member': { kind: 'invalid', text: 'not a member' },
  // Joint decisions on a plan: approval, refusal, return, close and reopening (domain/plan-close.ts).
  'plan_decision.cannot_move': {
    kind: 'invalid',
    text: 'A plan cannot move from {{planStatus}} to {{planStatusTo}}; it can move to: {{planStatusAllowed}}',
  },
  'plan_decision.cannot_move_final': {
    kind: 'invalid',
    text: 'A plan cannot move from {{planStatus}} to {{planStatusTo}}; it is final',
  },
  'plan_decision.move_is_joint': {
    kind: 'invalid',
    text: 'A plan cannot move from {{planStatus}} to {{planStatusTo}}; a plan in execution is closed by the agreement of every party of its commission: propose its close',
  },
  'plan_decision.move_not_allowed': { kind: 'invalid', text: 'not allowed from {{planStatus}}' },
  'plan_decision.not_a_party': { kind: 'invalid', text: "{{party}} is not a party of this plan's commission" },
  'plan_decision.already_approved': { kind: 'invalid', text: '{{party}} has already approved this plan' },
  'plan_decision.already_agreed': { kind: 'invalid', text: '{{party}} has already agreed' },
  'plan_decision.stale_version': {
    kind: 'conflict',
    text: 'Plan was changed meanwhile: you had version {{had}}, it is now {{now}}',
  },
  'plan_decision.dispositions_invalid': { kind: 'invalid', text: 'Some dispositions of the open activities are not valid' },
  'plan_decision.field_not_open': { kind: 'invalid', text: 'not an open activity of this plan' },
  'plan_decision.field_given_twice': { kind: 'invalid', text: 'given twice' },
  'plan_decision.field_reason_required': { kind: 'invalid', text: 'a cancelled activity needs a reason' },
  'plan_decision.field_successor_required': { kind: 'invalid', text: 'carrying activities needs a successor plan' },
  'plan_decision.field_no_disposition': { kind: 'invalid', text: '{{refCode}} has no disposition' },
  'plan_decision.field_blocks': { kind: 'invalid', text: '{{refCode}} blocks the close' },
  'plan_decision.field_successor': { kind: 'invalid', text: 'not a plan of this commission being drafted' },
  'plan_decision.dispositions_missing': {
    kind: 'invalid',
    text: 'Every open activity needs a disposition (carry, cancel or block); none was given for {{refCodes}}',
  },
  'plan_decision.blocked': { kind: 'invalid', text: 'The plan cannot be closed while activities are kept open: {{refCodes}}' },
  'plan_decision.comment_required': { kind: 'invalid', text: 'A refusal or a return needs a comment saying why' },
  'plan_decision.only_closed_reopen': { kind: 'invalid', text: 'Only a closed plan can be reopened; this one is {{planStatus}}' },
  'plan_decision.reopen_passed': { kind: 'invalid', text: 'The plan could be reopened until {{until}}; that time has passed' },
  'plan_decision.reopen_never': {
    kind: 'invalid',
    text: 'This plan was closed before reopening was possible; it cannot be reopened',
  },
  'plan_decision.not_proposed': {
    kind: 'invalid',
    text: 'Only a proposed plan can be refused or returned; this one is {{planStatus}}',
  },
  'plan_decision.not_in_execution': {
    kind: 'invalid',
    text: 'Only a plan in execution can be closed; this one is {{planStatus}}',
  },
  'plan_decision.pending': { kind: 'conflict', text: 'A decision on this plan already awaits the agreement of the parties' },
  'plan_decision.nothing_to_decide': { kind: 'invalid', text: 'No such decision on this plan awaits agreement' },
  'plan_decision.unknown_successor': { kind: 'invalid', text: 'Unknown successor plan' },
  'plan_decision.successor_not_drafting': {
    kind: 'invalid',
    text: 'Activities are carried only to a plan being drafted; the successor plan is {{planStatus}}',
  },
  'plan_decision.successor_gone': {
    kind: 'invalid',
    text: 'The successor plan is no longer being drafted: propose the close again with another one',
  },
  'plan_decision.carry_clash': {
    kind: 'invalid',
    text: '{{refCode}} cannot be carried: the successor plan already has an activity with that code',
  },
  'plan_decision.carry_clash_hidden': {
    kind: 'invalid',
    text: 'An open activity you cannot read cannot be carried: the successor plan already has an activity with its code',
  },
  'plan_decision.successor_differs': {
    kind: 'invalid',
    text: 'This close already carries activities to another successor plan: carry yours there, or refuse the close',
  },
  'plan_decision.undisposed': { kind: 'invalid', text: 'Open activities have no disposition yet: {{refCodes}}' },
  'plan_decision.undisposed_hidden': {
    kind: 'invalid',
    text: '{{count}} open activity(ies) you cannot read have no disposition yet: a party that can read them gives theirs when agreeing',
  },
  'plan_decision.withdrawn_meanwhile': { kind: 'conflict', text: 'The close was withdrawn meanwhile: read the plan again' },
  'plan_decision.approved_meanwhile': { kind: 'conflict', text: 'The plan was approved meanwhile: read it again' },
  'plan_decision.closed_meanwhile': { kind: 'conflict', text: 'The plan was closed meanwhile: read it again' },

  // Fields written to a pattern: the reader is told the form with an example, never the pattern.
  'field.ref_code_format': { kind: 'invalid', text: 'upper-case letters, digits and dashes, e.g. {{example}}' },
  'field.party_code_format': { kind: 'invalid', text: 'a country code of three capital letters (ISO 3166), e.g. {{example}}' },
  'field.compartment_format': {
    kind: 'invalid',
    text: 'from {{min}} to {{max}} upper-case letters, digits and dashes, e.g. {{example}}',
  },
  'field.username_format': {
    kind: 'invalid',
    text: 'from {{min}} to {{max}} lower-case letters, digits, dots, dashes and underscores, starting with a letter or digit, e.g. {{example}}',
  },
  'field.currency_format': { kind: 'invalid', text: 'a currency code of three capital letters (ISO 4217), e.g. {{example}}' },
  'field.amount_format': { kind: 'invalid', text: 'digits, with a decimal point if any, e.g. {{example}}' },
  'field.rate_format': {
    kind: 'invalid',
    text: 'a decimal number, up to {{max}} digits each side of the point, e.g. {{example}}',
  },
  'field.local_id_format': {
    kind: 'invalid',
    text: 'letters, digits and the signs _ . : - only, starting with a letter or digit, e.g. {{example}}',
  },
  'field.hex_digits': { kind: 'invalid', text: '{{count}} hexadecimal digits in lower case' },
  'field.base64url': { kind: 'invalid', text: '{{count}} characters of base64url' },
  // Money and exchange rates (domain/money.ts).
  'money.not_an_amount': { kind: 'invalid', text: '{{value}} is not an amount' },
  'money.too_many_decimals': { kind: 'invalid', text: '{{currency}} has {{decimals}} decimal(s): {{value}} has more' },
  'money.no_rate': {
    kind: 'invalid',
    text: '{{count}} amount(s) have no exchange rate into {{currency}} on or before {{date}}',
  },
  'field.amount_decimals': { kind: 'invalid', text: 'at most {{decimals}} decimal(s) in {{currency}}' },
  'field.no_rate': { kind: 'invalid', text: 'no {{from}} to {{currency}} rate on or before {{date}}' },
  'field.not_a_currency': { kind: 'invalid', text: 'not an ISO 4217 currency' },
  'field.rate_above_zero': { kind: 'invalid', text: 'a rate must be above 0' },
  'field.rate_same_currency': { kind: 'invalid', text: 'a rate converts between two currencies' },
  'field.rate_twice': { kind: 'invalid', text: 'a second {{from}} to {{to}} rate on {{date}}' },
  // Comparative evaluation of offers (domain/evaluation).
  'evaluation.invalid_fields': { kind: 'invalid', text: 'The evaluation has {{count}} invalid field(s)' },
  'evaluation.frozen_invalid_fields': { kind: 'invalid', text: 'The frozen evaluation has {{count}} invalid field(s)' },
  'evaluation.weight_bounds': {
    kind: 'unprocessable',
    text: 'No weights within the bounds can be drawn: widen the weight bounds',
  },
  'field.weight_bounds_lower_over_one': { kind: 'invalid', text: 'the lower bounds of the weights add up to more than 1' },
  'field.weight_bounds_upper_under_one': { kind: 'invalid', text: 'the upper bounds of the weights add up to less than 1' },
  'field.weight_bounds_too_narrow': { kind: 'invalid', text: 'too few weight draws fall within the bounds given' },
  // Procurement programmes (domain/programme.*), their catalogue and the exchange-rate table.
  'programme.not_found': { kind: 'not_found', text: 'Programme not found' },
  'programme.cannot_move': {
    kind: 'invalid',
    text: 'A programme cannot move from {{programmeStatus}} to {{programmeStatusTo}}; it can move to: {{programmeStatusAllowed}}',
  },
  'programme.cannot_move_final': {
    kind: 'invalid',
    text: 'A programme cannot move from {{programmeStatus}} to {{programmeStatusTo}}; it is final',
  },
  'programme.move_not_allowed': { kind: 'invalid', text: 'not allowed from {{programmeStatus}}' },
  'programme.cancel_needs_reason': { kind: 'invalid', text: 'Cancelling a programme needs a reason' },
  'programme.evaluation_needs_offer': { kind: 'invalid', text: 'The evaluation opens once the programme has at least one offer' },
  'programme.select_needs_offer': { kind: 'invalid', text: 'Selecting needs the offer selected' },
  'programme.offer_not_selectable': {
    kind: 'invalid',
    text: 'Only an offer of this programme that is not withdrawn can be selected',
  },
  'programme.contract_needed': { kind: 'invalid', text: 'Record the contract signed before the programme moves to contracted' },
  'programme.stale_version': {
    kind: 'conflict',
    text: 'Programme was changed meanwhile: you had version {{had}}, it is now {{now}}',
  },
  'programme.changed_meanwhile': { kind: 'conflict', text: 'Programme was changed meanwhile; read it again' },
  'programme.label_hides': { kind: 'conflict', text: 'The new label would hide this programme from you' },
  'programme.need_frozen': { kind: 'invalid', text: 'The need is fixed once the programme is {{programmeStatus}}' },
  'programme.offers_closed': {
    kind: 'invalid',
    text: 'Offers are received while the programme is a need or in evaluation; it is {{programmeStatus}}',
  },
  'programme.offer_not_found': { kind: 'not_found', text: 'Offer not found' },
  'programme.offer_kept': { kind: 'conflict', text: 'An offer is kept once the evaluation opened: withdraw it instead' },
  'programme.offer_withdrawn': { kind: 'invalid', text: 'This offer was already withdrawn' },
  'programme.offer_selected': { kind: 'invalid', text: 'The selected offer cannot be withdrawn' },
  'programme.contract_when_selected': {
    kind: 'invalid',
    text: 'The contract is recorded once an offer is selected, and once; the programme is {{programmeStatus}}',
  },
  'programme.not_executing': {
    kind: 'invalid',
    text: 'Milestones, deliveries and amendments are recorded while the contract is executed; the programme is {{programmeStatus}}',
  },
  'programme.milestone_not_found': { kind: 'not_found', text: 'Milestone not found' },
  'programme.accepted_over_quantity': {
    kind: 'invalid',
    text: 'The quantity accepted would pass the {{quantity}} units contracted',
  },
  'programme.unknown_supplier': { kind: 'invalid', text: 'The supplier or its system is not in a catalogue you may read' },
  'programme.unknown_links': { kind: 'invalid', text: '{{count}} linked record(s) are unknown' },
  'supplier.not_found': { kind: 'not_found', text: 'Supplier not found' },
  'exchange_rate.exists': { kind: 'conflict', text: 'There is already a {{from}} to {{to}} rate on {{date}}' },
  'exchange_rate.only_admins': { kind: 'forbidden', text: 'Only administrators enter exchange rates' },
  'field.offer_currency': { kind: 'invalid', text: 'the total is in the currency of the unit price' },
  'field.lots_sum': { kind: 'invalid', text: 'the lots add up to the quantity offered' },
  'field.accepted_over_delivered': { kind: 'invalid', text: 'at most the quantity delivered' },
  'programme.amendment_currency': { kind: 'invalid', text: 'An amendment keeps the currency of the contract, {{currency}}' },
  'field.contract_currency': { kind: 'invalid', text: 'in the currency of the contract, {{currency}}' },
  'field.amount_range': { kind: 'invalid', text: 'not negative, and at most {{max}} in minor units' },
  // Refinements of the schemas: a field issue each, by its code.
  'field.same_password': { kind: 'invalid', text: 'must differ from the current password' },
  'field.web_address': { kind: 'invalid', text: 'must be an http or https address, e.g. {{example}}' },
  'evaluation.bound_min_above_max': { kind: 'invalid', text: 'min must not be above max' },
  'evaluation.not_a_child': { kind: 'invalid', text: '{{id}} is not a child here' },
  'evaluation.no_weight': { kind: 'invalid', text: 'no weight for {{id}}' },
  'evaluation.weights_all_zero': { kind: 'invalid', text: 'at least one weight must be above 0' },
  'evaluation.unknown_evaluator': { kind: 'invalid', text: 'unknown evaluator {{evaluator}}' },
  'evaluation.two_matrices': { kind: 'invalid', text: '{{evaluator}} has two matrices here' },
  'evaluation.not_compared_here': { kind: 'invalid', text: '{{id}} is not compared here' },
  'evaluation.compared_with_itself': { kind: 'invalid', text: '{{id}} is compared with itself' },
  'evaluation.compared_twice': { kind: 'invalid', text: '{{a}} and {{b}} are compared twice' },
  'evaluation.separate_groups': {
    kind: 'invalid',
    text: 'the pairs compared leave {{count}} separate groups: compare at least one pair across them',
  },
  'evaluation.repeated_id': { kind: 'invalid', text: '{{id}} appears twice' },
  'evaluation.repeated_criterion': { kind: 'invalid', text: 'criterion {{criterion}} appears twice' },
  'evaluation.too_deep': { kind: 'invalid', text: 'criteria nest deeper than {{max}} levels' },
  'evaluation.weighting_required': { kind: 'invalid', text: 'a criterion with sub-criteria needs a weighting' },
  'evaluation.leaf_weighting': { kind: 'invalid', text: 'a leaf criterion has no weighting' },
  'evaluation.too_many_criteria': { kind: 'invalid', text: 'more than {{max}} criteria' },
  'evaluation.assess_leaves': { kind: 'invalid', text: '{{criterion}} has sub-criteria: assess its leaves' },
  'evaluation.unknown_criterion': { kind: 'invalid', text: 'unknown criterion {{criterion}}' },
  'evaluation.assessed_twice': { kind: 'invalid', text: '{{evaluator}} assesses {{criterion}} twice' },
  'evaluation.unknown_offer': { kind: 'invalid', text: 'unknown offer {{offer}}' },
  'evaluation.no_score': { kind: 'invalid', text: 'no score for offer {{offer}}' },
  'evaluation.assessments_missing': {
    kind: 'invalid',
    text: '{{count}} assessment(s) missing, as evaluator/criterion: {{missing}}',
  },
  'evaluation.bounds_not_leaf': { kind: 'invalid', text: '{{criterion}} is not a leaf criterion' },
} as const satisfies Record<string, ProblemSpec>;

export type ProblemCode = keyof typeof PROBLEMS;
/** The codes a use case may throw: all but those of the HTTP edge alone. */
export type ThrowableCode = { [K in ProblemCode]: (typeof PROBLEMS)[K]['kind'] extends ProblemKind ? K : never }[ProblemCode];

/**
 * Params meant for API clients only, which a reader is never shown (a route,
 * an HTTP verb, a media type, a part of the request): the translations of
 * these codes leave them out. Every other placeholder of a code's text is in
 * each of its translations.
 */
export const API_ONLY_PARAMS: Partial<Record<ProblemCode, readonly string[]>> = {
  'request.invalid_fields': ['where'],
  'request.unsupported_media_type': ['type'],
  'request.no_route': ['method', 'path'],
  'import.workbook_media_type': ['type'],
};

/** Param families the web translates, each through its own keys `<prefix>.<value>` (see above). */
export const TRANSLATED_PARAMS = {
  planStatus: 'planStatus',
  activityStatus: 'activityStatus',
  sessionStatus: 'sessionStatus',
  actionItemStatus: 'actionItemStatus',
  revisionStatus: 'revisionStatus',
  classification: 'classification',
  role: 'role',
  domain: 'domain',
  activityType: 'activityType',
  agendaKind: 'agenda.kind',
  followUpKind: 'followUp.kind',
  programmeStatus: 'programmeStatus',
} as const;

/** The text with its `{{param}}` placeholders filled in. */
export const fill = (text: string, params: ProblemParams = {}) =>
  text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));

/** The error to throw for a catalogue problem. */
export function problem(code: ThrowableCode, params: ProblemParams = {}, issues: FieldIssue[] = []): DomainError {
  const spec = PROBLEMS[code] as { kind: ProblemKind; text: string };
  return new DomainError(spec.kind, fill(spec.text, params), issues, code, params);
}

/** One field's issue, by catalogue code: its English message is the code's text. */
export function issue(
  path: string,
  code: ProblemCode,
  params: ProblemParams = {},
  where: Pick<FieldIssue, 'sheet' | 'row' | 'column'> = {},
): FieldIssue {
  const spec: ProblemSpec = PROBLEMS[code];
  return { path, code, ...(Object.keys(params).length ? { params } : {}), message: fill(spec.text, params), ...where };
}

/**
 * A string written to the pattern `re`. A mismatch is the field issue `code`,
 * with `params` (an example of the form) for the reader's language, never
 * the pattern itself; the pattern stays in the OpenAPI schema for clients.
 */
export function matching(re: RegExp, code: ProblemCode, params: ProblemParams = {}) {
  return z
    .string()
    .refine((v) => re.test(v), {
      message: fill(PROBLEMS[code].text, params),
      params: { code, ...params },
      abort: true,
    })
    .meta({ pattern: re.source });
}

export const isProblemCode = (code: string): code is ProblemCode => Object.hasOwn(PROBLEMS, code);

/** A field issue as the issue a schema's refinement adds (`ctx.addIssue`), its code in `params.code`. */
export const refinement = (i: FieldIssue) => ({
  code: 'custom' as const,
  message: i.message,
  path: i.path ? [i.path] : [],
  params: { ...i.params, code: i.code },
});

/** The type zod names for a value, as its locales say what they received. */
function typeName(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan';
  if (input instanceof Date) return 'date';
  return typeof input;
}

/**
 * Zod's fields of an issue as the params of a field issue, for clients to
 * word it in their language (the web through zod's locales): never the input
 * itself, which may be long or private, only the name of its type.
 */
export function zodIssueParams(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'input') {
      if (fields.code === 'invalid_type' || fields.expected !== undefined) out.received = typeName(v);
      continue;
    }
    if (k === 'code' || k === 'path' || k === 'message' || k === 'errors' || k === 'params' || k === 'inst' || v === undefined)
      continue;
    if (typeof v === 'bigint') out[k] = Number(v);
    else if (v instanceof RegExp) out[k] = String(v);
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) out[k] = v;
    else if (Array.isArray(v))
      out[k] = v.map((x) => (typeof x === 'bigint' ? Number(x) : typeof x === 'object' && x !== null ? String(x) : x));
  }
  return out;
}

/** A zod issue as a field issue: a refinement's catalogue code from its `params.code`, else zod's own code. */
export function zodFieldIssue(path: string, issue: object): FieldIssue {
  const i = issue as { code?: string; message?: string; params?: Record<string, unknown> } & Record<string, unknown>;
  const own = i.code === 'custom' ? i.params : undefined;
  if (typeof own?.code === 'string') {
    const { code, ...params } = own;
    return { path, message: i.message ?? 'invalid', code, ...(Object.keys(params).length ? { params } : {}) };
  }
  const params = zodIssueParams(i);
  return { path, message: i.message ?? 'invalid', code: i.code ?? 'custom', ...(Object.keys(params).length ? { params } : {}) };
}
