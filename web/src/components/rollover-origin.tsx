import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Activity } from '../api/types.js';
import { localized } from '../i18n/format.js';
import { loadRolloverTexts } from '../i18n/rollover.js';
import { Link } from '../router.js';
import { Bidi } from './bidi.js';

/**
 * "Continues X from plan Y" for an activity carried by a roll-over. The server tells the
 * origin only when the reader may read it and its plan: a hidden origin shows nothing.
 */
export function RolloverOrigin({ continues }: { continues: Activity['continues'] }) {
  const { t } = useTranslation();
  useEffect(() => {
    if (continues) void loadRolloverTexts();
  }, [continues]);
  if (!continues) return null;
  const plan = localized(continues.planTitle);
  return (
    <p className="muted rollover-origin">
      {t('rollover.continues')}{' '}
      <Link to={`/activities/${continues.activityId}`}>
        <bdi>{continues.refCode}</bdi>
      </Link>{' '}
      {t('rollover.fromPlan')}{' '}
      <Link to={`/plans/${continues.planId}`}>{plan ? <Bidi lang={plan.lang}>{plan.text}</Bidi> : continues.planId}</Link>
    </p>
  );
}
