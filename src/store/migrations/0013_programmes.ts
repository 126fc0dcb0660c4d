import { labelled, type MigrationDb, serialOn, versioned } from './schema-as-written.js';

/**
 * Procurement programmes: the need, the offers (kept once the evaluation
 * opened, withdrawn rather than deleted), the contract with its milestones,
 * deliveries by lot and amendments, every move of the programme, the
 * catalogue of suppliers and systems per party, and the installation's dated
 * exchange-rate table. Amounts are integers in the currency's minor units
 * (bigint: 64 bits on both databases), each beside its ISO 4217 code.
 */
export async function up(db: MigrationDb): Promise<void> {
  const serial = serialOn(db);

  await versioned(
    labelled(
      db.schema
        .createTable('supplier')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('identifier', 'text'),
    ),
  ).execute();
  await db.schema
    .createTable('supplier_system')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('supplier_id', 'text', (c) => c.notNull().references('supplier.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supplier_system_by_supplier').on('supplier_system').columns(['supplier_id']).execute();

  await versioned(
    labelled(
      db.schema
        .createTable('programme')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('commission_id', 'text', (c) => c.references('commission.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('cancel_reason', 'text')
        .addColumn('capability_gap', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('required_by', 'text', (c) => c.notNull())
        .addColumn('budget_amount', 'bigint', (c) => c.notNull())
        .addColumn('budget_currency', 'text', (c) => c.notNull())
        // The evaluation of the offers, once there is one (at most one per programme).
        .addColumn('evaluation_id', 'text', (c) => c.unique())
        .addColumn('selected_offer_id', 'text'),
    ),
  ).execute();
  await db.schema.createIndex('programme_by_commission').on('programme').columns(['commission_id']).execute();
  await db.schema
    .createTable('programme_objective')
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programme.id'))
    .addColumn('objective_id', 'text', (c) => c.notNull().references('objective.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('programme_objective_pk', ['programme_id', 'objective_id'])
    .execute();
  await db.schema
    .createTable('programme_activity')
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programme.id'))
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activity.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('programme_activity_pk', ['programme_id', 'activity_id'])
    .execute();

  // Every move, with who, when and why: the programme's history.
  await serial(db.schema.createTable('programme_event'), 'id')
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programme.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('party', 'text', (c) => c.notNull().references('party.code'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .execute();
  await db.schema.createIndex('programme_event_by_programme').on('programme_event').columns(['programme_id', 'id']).execute();

  await db.schema
    .createTable('programme_offer')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programme.id'))
    .addColumn('supplier_id', 'text', (c) => c.notNull().references('supplier.id'))
    .addColumn('system_id', 'text', (c) => c.notNull().references('supplier_system.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('total_price', 'bigint', (c) => c.notNull())
    // JSON: [{ lot, quantity, date }]
    .addColumn('delivery_schedule', 'text', (c) => c.notNull())
    // JSON: { localShare, sites, jobs, technologyTransfer }
    .addColumn('industrial_participation', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    // JSON: [{ title, reference, url }]
    .addColumn('documents', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_reason', 'text')
    .execute();
  await db.schema.createIndex('programme_offer_by_programme').on('programme_offer').columns(['programme_id']).execute();

  await db.schema
    .createTable('programme_contract')
    .addColumn('programme_id', 'text', (c) => c.primaryKey().references('programme.id'))
    .addColumn('offer_id', 'text', (c) => c.notNull().references('programme_offer.id'))
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('programme_milestone')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programme.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('date_met', 'text')
    .execute();
  await db.schema.createIndex('programme_milestone_by_programme').on('programme_milestone').columns(['programme_id']).execute();
  await db.schema
    .createTable('programme_delivery')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programme.id'))
    .addColumn('lot', 'text', (c) => c.notNull())
    .addColumn('delivered_on', 'text', (c) => c.notNull())
    .addColumn('quantity_delivered', 'integer', (c) => c.notNull())
    .addColumn('quantity_accepted', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('programme_delivery_by_programme').on('programme_delivery').columns(['programme_id']).execute();
  await db.schema
    .createTable('programme_amendment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programme.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('rationale', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('value_before', 'bigint', (c) => c.notNull())
    .addColumn('value_after', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('programme_amendment_number', ['programme_id', 'number'])
    .execute();

  // The installation's exchange rates: units of `to_currency` for one `from_currency` from `date` on.
  await db.schema
    .createTable('exchange_rate')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_currency', 'text', (c) => c.notNull())
    .addColumn('to_currency', 'text', (c) => c.notNull())
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('entered_by_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('exchange_rate_once_a_day')
    .on('exchange_rate')
    .columns(['from_currency', 'to_currency', 'date'])
    .unique()
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const t of [
    'exchange_rate',
    'programme_amendment',
    'programme_delivery',
    'programme_milestone',
    'programme_contract',
    'programme_offer',
    'programme_event',
    'programme_activity',
    'programme_objective',
    'programme',
    'supplier_system',
    'supplier',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
