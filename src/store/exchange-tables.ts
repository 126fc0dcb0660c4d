/** The tables of the sovereign exchange (migration 0023, docs/exchange.md). */
export interface ExchangeKeyTable {
  key_id: string;
  use: string;
  fingerprint: string;
  alg: string;
  installation: string;
  party: string;
  /** The public key as a JWK, JSON. */
  public_key: string;
  expires: string;
  /** 1 for this installation's own keys. */
  own: number;
  rotated_out_at: string | null;
  replaced_by: string | null;
  revoked_at: string | null;
  added_at: string;
}

export interface ExchangeKeyStatementTable {
  id: string;
  key_id: string;
  statement: string;
  applied_at: string;
}

export interface ExchangeOutboundTable {
  recipient_installation: string;
  recipient_party: string;
  last_sequence: number;
  last_bundle_id: string;
  last_hash: string;
  last_sent_at: string;
  acked_sequence: number;
  acked_hash: string | null;
  acked_at: string | null;
}

export interface ExchangeSentTable {
  recipient_installation: string;
  sequence: number;
  bundle_id: string;
  bundle_hash: string;
  /** The records changed after this time went in (null: every record). */
  since: string | null;
  /** The records were read as of this time: the next bundle's `since` once this one is acknowledged. */
  upto: string;
  records: number;
  sent_at: string;
  /**
   * What the bundle held, by label (`BundleManifest`, JSON; migration 0027), sealed by its hash in the
   * export's audit entry. No longer written: bundles exported since are sealed by the hash of their
   * labelled rows. Kept for the bundles sealed by it, whose release record it still proves.
   */
  manifest: string | null;
}

/** A record released to a partner: the bundle that last carried it and, once withdrawn, the one that carried that (0027). */
export interface ExchangeReleasedTable {
  recipient_installation: string;
  kind: string;
  id: string;
  version: number;
  sequence: number;
  withdrawn_sequence: number | null;
  reason: string | null;
}

/** This party's approval of a partner's plan received here, labelled as the plan it approves (0027). */
export interface ExchangeApprovalTable {
  id: string;
  originator_installation: string;
  /** Always 'plan': with the originator and plan id, the key of the copy approved (0031). */
  plan_kind: string;
  plan_id: string;
  /** The version of the copy approved (0031). */
  plan_version: number;
  party: string;
  user_id: string;
  at: string;
  owner_party: string;
  classification: number;
  releasable_mask: number;
  compartment_mask: number;
}

export interface ExchangeInboundTable {
  sender_installation: string;
  sender_party: string;
  sequence: number;
  bundle_id: string;
  bundle_hash: string;
  checkpoint_size: number;
  checkpoint_head: string;
  applied_at: string;
}

export interface ExchangeCheckpointTable {
  sender_installation: string;
  tree_size: number;
  head_hash: string;
  time: string;
  key_id: string;
  signature: string;
  bundle_id: string;
  received_at: string;
}

export interface ExchangeReceivedTable {
  bundle_id: string;
  sender_installation: string;
  sequence: number;
  bundle_hash: string;
  applied_at: string;
  report: string;
}

/**
 * What an import did with one line of a bundle (migration 0046), labelled as the record's copy was here
 * then; unlabelled (never read) for a withdrawal of a record never held.
 */
export interface ExchangeReceivedRecordTable {
  bundle_id: string;
  position: number;
  kind: string;
  record_id: string;
  action: string;
  owner_party: string | null;
  classification: number | null;
  releasable_mask: number | null;
  compartment_mask: number | null;
}

export interface ExchangeRefusalTable {
  id: string;
  at: string;
  sender_installation: string | null;
  bundle_id: string | null;
  code: string;
  detail: string;
}

/** A partner's record kept here read-only: label columns hold the local equivalent of `originator_label`. */
export interface ExchangeRecordTable {
  owner_party: string;
  classification: number;
  releasable_mask: number;
  compartment_mask: number;
  originator_installation: string;
  kind: string;
  id: string;
  parent_id: string | null;
  version: number;
  updated_at: string;
  received_at: string;
  bundle_id: string;
  originator_label: string;
  local_level: string;
  data: string;
}

/**
 * A partner's approval received here and withdrawn since by its installation (0044): the copy as it was when
 * the withdrawal came (its parent, the plan, as `plan_id`), with when and by which bundle.
 */
export interface ExchangeWithdrawnApprovalTable extends Omit<ExchangeRecordTable, 'kind' | 'parent_id'> {
  plan_id: string;
  withdrawn_at: string;
  withdrawn_bundle_id: string;
}

export interface ExchangeTables {
  exchange_key: ExchangeKeyTable;
  exchange_key_statement: ExchangeKeyStatementTable;
  exchange_outbound: ExchangeOutboundTable;
  exchange_sent: ExchangeSentTable;
  exchange_inbound: ExchangeInboundTable;
  exchange_checkpoint: ExchangeCheckpointTable;
  exchange_received: ExchangeReceivedTable;
  exchange_received_record: ExchangeReceivedRecordTable;
  exchange_refusal: ExchangeRefusalTable;
  exchange_record: ExchangeRecordTable;
  exchange_released: ExchangeReleasedTable;
  exchange_approval: ExchangeApprovalTable;
  exchange_withdrawn_approval: ExchangeWithdrawnApprovalTable;
}
