/**
 * A programme as an Open Contracting Data Standard 1.1 record package: one
 * record whose release (and compiled release) says the need (planning), the
 * call for offers (tender: the tenderers, the items needed), the selected
 * offer (award), the contract with its milestones, amendments and
 * implementation (deliveries by lot and payments made).
 *
 * Amounts are exact: OCDS writes them as JSON numbers in major units, which a
 * double cannot hold above 2^53; the package keeps each one as an
 * {@link OcdsAmount} and {@link ocdsJson} writes it digit for digit.
 */
import { formatMoney, type Money } from './money.js';
import type { ProgrammeStatus } from './programme.lifecycle.js';
import type { MilestoneKind, MilestoneStatus, OfferRecord, ProgrammeRecord } from './programme.schema.js';

export const OCDS_VERSION = '1.1';
/** The prefix of every ocid this installation publishes. */
export const OCID_PREFIX = 'ocds-jntpln';

/** An amount in major units, written as an exact JSON number by {@link ocdsJson}. */
export class OcdsAmount {
  constructor(readonly decimal: string) {}
  /** Written by anything but {@link ocdsJson}: the nearest double, as a plain JSON number. */
  toJSON() {
    return Number(this.decimal);
  }
}

export type OcdsValue = { amount: OcdsAmount; currency: string };
type Json = Record<string, unknown>;
export type OcdsRelease = Json & { ocid: string; id: string; date: string; tag: string[] };
export type OcdsRecordPackage = {
  uri: string;
  version: string;
  publisher: { name: string };
  publishedDate: string;
  records: { ocid: string; releases: OcdsRelease[]; compiledRelease: OcdsRelease }[];
};

const value = (m: Money): OcdsValue => ({ amount: new OcdsAmount(formatMoney(m)), currency: m.currency });
/** A calendar date as the date-time OCDS asks for: midnight UTC that day. */
const dateTime = (day: string) => (day.length === 10 ? `${day}T00:00:00Z` : day);
const textOf = (t: Record<string, string | undefined>) => t.en ?? t.fr ?? Object.values(t).find(Boolean) ?? '';

const TENDER_STATUS: Record<ProgrammeStatus, string> = {
  need: 'planning',
  evaluation: 'active',
  selected: 'complete',
  contracted: 'complete',
  delivering: 'complete',
  operational: 'complete',
  closed: 'complete',
  cancelled: 'cancelled',
};

const MILESTONE_STATUS: Record<MilestoneStatus, string> = {
  scheduled: 'scheduled',
  met: 'met',
  not_met: 'notMet',
  partially_met: 'partiallyMet',
};

/** Our milestone kinds on OCDS's open milestoneType codelist; the kind itself is the milestone's code. */
const MILESTONE_TYPE: Record<MilestoneKind, string> = {
  delivery: 'delivery',
  acceptance: 'assessment',
  payment: 'financing',
  training: 'delivery',
  in_service: 'delivery',
};

/** The release tags of a programme where it stands. */
function tagsOf(p: ProgrammeRecord): string[] {
  const cancelledAt = p.status === 'cancelled' ? [...p.history].reverse().find((h) => h.to === 'cancelled')?.from : undefined;
  const tags: string[] = [];
  switch (p.status === 'cancelled' ? cancelledAt : p.status) {
    case 'need':
      tags.push('planning');
      break;
    case 'evaluation':
      tags.push('tender');
      break;
    case 'selected':
      tags.push('award');
      break;
    case 'contracted':
      tags.push('contract');
      break;
    default:
      tags.push('implementation');
  }
  if (p.status === 'cancelled') tags.push(p.contract ? 'contractTermination' : 'tenderCancellation');
  if (p.status === 'closed') tags.push('contractTermination');
  if (p.contract?.amendments.length) tags.push('contractAmendment');
  return tags;
}

const supplierRef = (o: OfferRecord) => ({
  id: `supplier-${o.supplierId}`,
  ...(o.supplier ? { name: o.supplier.name } : {}),
});

/** The release of a programme as it stands now. */
export function buildOcdsRelease(p: ProgrammeRecord, opts: { buyerName: Record<string, string> | null }): OcdsRelease {
  const ocid = `${OCID_PREFIX}-${p.id}`;
  const buyer = { id: `party-${p.label.ownerParty}`, name: opts.buyerName ? textOf(opts.buyerName) : p.label.ownerParty };
  const liveOffers = p.offers.filter((o) => !o.withdrawnAt);
  const selected = p.offers.find((o) => o.id === p.selectedOfferId);
  const selectedAt = [...p.history].reverse().find((h) => h.to === 'selected')?.at;

  const parties: Json[] = [{ ...buyer, roles: ['buyer', 'procuringEntity'] }];
  for (const o of p.offers) {
    const id = `supplier-${o.supplierId}`;
    const existing = parties.find((x) => x.id === id);
    const roles = ['tenderer', ...(o.id === p.selectedOfferId ? ['supplier'] : [])];
    if (existing) existing.roles = [...new Set([...(existing.roles as string[]), ...roles])];
    else
      parties.push({
        id,
        ...(o.supplier ? { name: o.supplier.name, address: { countryName: o.supplier.country } } : {}),
        ...(o.supplier?.identifier ? { identifier: { id: o.supplier.identifier } } : {}),
        roles,
      });
  }

  const documentsOf = (o: OfferRecord) =>
    o.documents.map((d, i) => ({
      id: `${o.id}-doc-${i + 1}`,
      documentType: 'tenderers',
      title: d.title,
      ...(d.reference ? { description: d.reference } : {}),
      ...(d.url ? { url: d.url } : {}),
    }));

  const release: OcdsRelease = {
    ocid,
    id: `${ocid}-v${p.version}`,
    date: p.updatedAt,
    tag: tagsOf(p),
    initiationType: 'tender',
    language: 'en',
    parties,
    buyer,
    planning: {
      rationale: p.need.capabilityGap,
      budget: { id: `${p.id}-budget`, description: 'Budget ceiling', amount: value(p.need.budgetCeiling) },
      milestones: [
        {
          id: `${p.id}-required-by`,
          title: 'Required by',
          type: 'preProcurement',
          code: 'requiredBy',
          dueDate: dateTime(p.need.requiredBy),
        },
      ],
    },
    tender: {
      id: `${p.id}-tender`,
      title: textOf(p.title),
      ...(textOf(p.description) ? { description: textOf(p.description) } : {}),
      status: TENDER_STATUS[p.status],
      procuringEntity: buyer,
      items: [{ id: '1', description: p.need.capabilityGap, quantity: p.need.quantity }],
      value: value(p.need.budgetCeiling),
      numberOfTenderers: new Set(liveOffers.map((o) => o.supplierId)).size,
      tenderers: [...new Map(liveOffers.map((o) => [o.supplierId, supplierRef(o)])).values()],
      documents: liveOffers.flatMap(documentsOf),
    },
    awards: selected
      ? [
          {
            id: selected.id,
            title: selected.system ? selected.system.name : textOf(p.title),
            status: p.status === 'cancelled' && !p.contract ? 'cancelled' : 'active',
            ...(selectedAt ? { date: selectedAt } : {}),
            value: value(selected.totalPrice),
            suppliers: [supplierRef(selected)],
            items: [
              {
                id: '1',
                description: selected.system ? `${selected.system.name} (${selected.system.category})` : p.need.capabilityGap,
                quantity: selected.quantity,
                unit: { name: 'unit', value: value(selected.unitPrice) },
              },
            ],
            documents: documentsOf(selected),
          },
        ]
      : [],
    contracts: p.contract
      ? [
          {
            id: `${p.id}-contract`,
            awardID: p.contract.offerId,
            title: textOf(p.title),
            status: p.status === 'closed' ? 'terminated' : p.status === 'cancelled' ? 'cancelled' : 'active',
            value: value(p.contract.value),
            dateSigned: dateTime(p.contract.signedOn),
            milestones: p.contract.milestones.map((m) => ({
              id: m.id,
              title: m.title,
              type: MILESTONE_TYPE[m.kind],
              code: m.kind,
              description: `Value: ${formatMoney(m.value)} ${m.value.currency}`,
              dueDate: dateTime(m.dueDate),
              ...(m.dateMet ? { dateMet: dateTime(m.dateMet) } : {}),
              status: MILESTONE_STATUS[m.status],
            })),
            amendments: p.contract.amendments.map((a) => ({
              id: String(a.number),
              date: dateTime(a.date),
              rationale: a.rationale,
              description:
                (a.description ? `${a.description} ` : '') +
                `(value ${formatMoney(a.valueBefore)} → ${formatMoney(a.valueAfter)} ${a.valueAfter.currency})`,
            })),
            implementation: {
              // Each delivery of a lot: met when every unit delivered was accepted.
              milestones: p.contract.deliveries.map((d) => ({
                id: d.id,
                title: d.lot,
                type: 'delivery',
                code: 'lotDelivery',
                description: `${d.quantityDelivered} delivered, ${d.quantityAccepted} accepted`,
                dateMet: dateTime(d.deliveredOn),
                status: d.quantityAccepted === d.quantityDelivered ? 'met' : 'partiallyMet',
              })),
              // Payment milestones met, fully or partly, as the payments made.
              transactions: p.contract.milestones
                .filter((m) => m.kind === 'payment' && (m.status === 'met' || m.status === 'partially_met'))
                .map((m) => ({
                  id: m.id,
                  ...(m.dateMet ? { date: dateTime(m.dateMet) } : {}),
                  value: value(m.value),
                  payer: buyer,
                  ...(selected ? { payee: supplierRef(selected) } : {}),
                })),
            },
          },
        ]
      : [],
  };
  return release;
}

/** The programme as an OCDS record package: its release, and the same as the compiled release. */
export function buildOcdsRecordPackage(
  p: ProgrammeRecord,
  opts: { publishedDate: string; buyerName: Record<string, string> | null; baseUri?: string },
): OcdsRecordPackage {
  const release = buildOcdsRelease(p, opts);
  return {
    uri: `${opts.baseUri ?? 'urn:jointplan:'}programmes/${p.id}/ocds`,
    version: OCDS_VERSION,
    publisher: { name: 'JointPlan' },
    publishedDate: opts.publishedDate,
    records: [{ ocid: release.ocid, releases: [release], compiledRelease: { ...release, tag: ['compiled'] } }],
  };
}

/**
 * The package as JSON text, every amount written exactly as the decimal it
 * is. Each amount first goes out as a string marked with a NUL character and
 * a nonce drawn for this call, which no text of the record can hold, and the
 * marked strings are then unquoted.
 */
export function ocdsJson(pkg: unknown, indent = 2): string {
  const nonce = Array.from({ length: 4 }, () =>
    Math.floor(Math.random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0'),
  ).join('');
  const text = JSON.stringify(
    pkg,
    function (this: unknown, key: string, v: unknown) {
      const raw = (this as Record<string, unknown>)[key];
      return raw instanceof OcdsAmount ? `\u0000${nonce}${raw.decimal}` : v;
    },
    indent,
  );
  return text.replace(new RegExp(`"\\\\u0000${nonce}(-?\\d+(?:\\.\\d+)?)"`, 'g'), '$1');
}
