import { useTranslation } from 'react-i18next';
import { RANDOM_INDEX_TABLES } from '../../../src/domain/evaluation/ahp.js';
import type { EvaluationRecord, EvaluationResult } from '../api/types.js';
import type { Design } from './evaluation-design.js';
import { decimal, share } from './evaluation-format.js';

type Props = { record: EvaluationRecord; result: EvaluationResult; design: Design; offerName: (id: string) => string };

/** One colour per rank, first to last, for the acceptability bars and their legend. */
const RANK_COLOURS = ['#1d4ed8', '#60a5fa', '#f59e0b', '#f97316', '#ef4444', '#a855f7', '#14b8a6', '#64748b'];
const rankColour = (i: number) => RANK_COLOURS[i % RANK_COLOURS.length];

/** White or near-black, whichever reads better on a colour (WCAG relative luminance and contrast ratio). */
function inkOn(hex: string): string {
  const channel = (k: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  const dark = 0.0088; // #0f172a
  return 1.05 / (l + 0.05) >= (l + 0.05) / (dark + 0.05) ? '#fff' : '#0f172a';
}
const rankInk = (i: number) => inkOn(rankColour(i) ?? '#1d4ed8');

/** The criteria tree with each criterion's local and global weight, then each comparison matrix's consistency. */
export function EvaluationCriteria({ record, result, design, offerName }: Props) {
  const { t } = useTranslation();
  const evaluatorName = (id: string | null) =>
    id === null ? t('evaluation.aggregated') : (record.evaluators.find((e) => e.userId === id)?.name ?? id);
  const table = result.consistency[0]?.randomIndexTable ?? record.method?.randomIndex ?? 'saaty';
  return (
    <section className="card" aria-labelledby="evaluation-criteria-heading">
      <h2 id="evaluation-criteria-heading">{t('evaluation.criteria.title')}</h2>
      <table className="evaluation-table criteria-tree">
        <Head
          columns={[
            [t('evaluation.criterion'), false],
            [t('evaluation.criteria.local'), true],
            [t('evaluation.criteria.global'), true],
          ]}
        />
        <tbody>
          {result.criteria.map((c) => (
            <tr key={c.id} className={c.leaf ? 'leaf' : 'node'}>
              <th scope="row" style={{ paddingInlineStart: `${0.5 + design.depth(c.id) * 1.5}rem` }}>
                <span dir="auto">{design.name(c.id)}</span>
              </th>
              <td className="num">{decimal(c.localWeight)}</td>
              <td className="num">{decimal(c.globalWeight)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="evaluation-table consistency-table">
        <caption>{t('evaluation.consistency.caption', { table: RANDOM_INDEX_TABLES[table].name })}</caption>
        <Head
          columns={[
            [t('evaluation.consistency.matrix'), false],
            [t('evaluation.consistency.evaluator'), false],
            ['n', true],
            ['λmax', true],
            ['CI', true],
            ['RI', true],
            ['CR', true],
          ]}
        />
        <tbody>
          {result.consistency.map((c) => {
            const subject =
              c.subject.kind === 'criteria'
                ? c.subject.node === null
                  ? t('evaluation.consistency.top')
                  : design.name(c.subject.node)
                : t('evaluation.consistency.offersOn', { criterion: design.name(c.subject.criterion) });
            const worst = c.mostInconsistent;
            const name = (id: string) => (c.subject.kind === 'offers' ? offerName(id) : design.name(id));
            return (
              <tr key={`${JSON.stringify(c.subject)}-${c.evaluator}`} className={c.flagged ? 'flagged' : undefined}>
                <th scope="row">
                  <span dir="auto">{subject}</span>
                </th>
                <td>{evaluatorName(c.evaluator)}</td>
                <td className="num">{c.n}</td>
                <td className="num">{decimal(c.lambdaMax)}</td>
                <td className="num">{decimal(c.ci)}</td>
                <td className="num">{c.ri === null ? '—' : decimal(c.ri)}</td>
                <td className="num">
                  {c.cr === null ? '—' : decimal(c.cr)}
                  {c.flagged && (
                    <span className="badge cr-flag">
                      {t('evaluation.consistency.flagged')}
                      {worst && ` · ${t('evaluation.consistency.worst', { a: name(worst.a), b: name(worst.b) })}`}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** The offers by overall score, with TOPSIS's closeness and rank beside them. */
export function EvaluationRanking({ result, offerName }: Props) {
  const { t } = useTranslation();
  const topsis = new Map(result.topsis.map((x) => [x.offer, x]));
  return (
    <section className="card" aria-labelledby="evaluation-ranking-heading">
      <h2 id="evaluation-ranking-heading">{t('evaluation.ranking.title')}</h2>
      <table className="evaluation-table ranking-table">
        <Head
          columns={[
            [t('evaluation.ranking.rank'), true],
            [t('evaluation.offer'), false],
            [t('evaluation.ranking.score'), true],
            [t('evaluation.ranking.closeness'), true],
            [t('evaluation.ranking.topsisRank'), true],
          ]}
        />
        <tbody>
          {result.ranking.map((r) => (
            <tr key={r.offer}>
              <td className="num">{r.rank}</td>
              <th scope="row">{offerName(r.offer)}</th>
              <td className="num">{decimal(r.score)}</td>
              <td className="num">{decimal(topsis.get(r.offer)?.closeness ?? 0)}</td>
              <td className="num">{topsis.get(r.offer)?.rank}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t(result.sameFirst ? 'evaluation.ranking.sameFirst' : 'evaluation.ranking.otherFirst')}</p>
    </section>
  );
}

/**
 * Per criterion, its weight now (the bar) and the weights where the first
 * place changes (the marks), on a scale from 0 to 1.
 */
export function EvaluationFlipPoints({ result, design, offerName }: Props) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="evaluation-flips-heading">
      <h2 id="evaluation-flips-heading">{t('evaluation.flips.title')}</h2>
      <p className="muted">{t('evaluation.flips.help')}</p>
      <ul className="flip-list">
        {result.flipPoints.map((f) => {
          const says = [
            f.below && t('evaluation.flips.below', { weight: decimal(f.below.weight), offer: offerName(f.below.by) }),
            f.above && t('evaluation.flips.above', { weight: decimal(f.above.weight), offer: offerName(f.above.by) }),
          ].filter(Boolean);
          return (
            <li key={f.criterion}>
              <span className="flip-name" dir="auto">
                {design.name(f.criterion)}
              </span>
              <div className="flip-track" aria-hidden="true">
                <div className="flip-now" style={{ inlineSize: `${f.weight * 100}%` }} />
                {[f.below, f.above].map(
                  (b) => b && <div key={b.weight} className="flip-mark" style={{ insetInlineStart: `${b.weight * 100}%` }} />,
                )}
              </div>
              <span className="flip-text">
                {t('evaluation.flips.now', { weight: decimal(f.weight), offer: offerName(f.first) })}{' '}
                {says.length ? says.join(' ') : t('evaluation.flips.never')}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** SMAA-2: each offer's share of draws at each rank, as a stacked bar, with its confidence factor. */
export function EvaluationAcceptability({ result, offerName }: Props) {
  const { t } = useTranslation();
  const ranks = result.smaa.offers[0]?.rankAcceptability.length ?? 0;
  return (
    <section className="card" aria-labelledby="evaluation-smaa-heading">
      <h2 id="evaluation-smaa-heading">{t('evaluation.smaa.title')}</h2>
      <p className="muted">
        {t('evaluation.smaa.help', { draws: result.smaa.draws, seed: result.smaa.seed })}{' '}
        {t(result.smaa.values === 'evaluators' ? 'evaluation.smaa.evaluatorValues' : 'evaluation.smaa.exactValues')}
      </p>
      <ul className="rank-legend">
        {Array.from({ length: ranks }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the ranks are positions, first to last
          <li key={i}>
            <span className="swatch" style={{ background: rankColour(i) }} />
            {t('evaluation.smaa.rank', { rank: i + 1 })}
          </li>
        ))}
      </ul>
      <table className="evaluation-table acceptability-table">
        <Head
          columns={[
            [t('evaluation.offer'), false],
            [t('evaluation.smaa.acceptability'), false],
            [t('evaluation.smaa.confidence'), true],
          ]}
        />
        <tbody>
          {result.smaa.offers.map((o) => (
            <tr key={o.offer}>
              <th scope="row">{offerName(o.offer)}</th>
              <td>
                <div className="stacked-bar">
                  {o.rankAcceptability.map((v, i) =>
                    v > 0 ? (
                      <span
                        // biome-ignore lint/suspicious/noArrayIndexKey: the ranks are positions, first to last
                        key={i}
                        style={{ inlineSize: `${v * 100}%`, background: rankColour(i), color: rankInk(i) }}
                        title={t('evaluation.smaa.share', { rank: i + 1, share: share(v) })}
                      >
                        <span className="visually-hidden">{t('evaluation.smaa.share', { rank: i + 1, share: share(v) })}</span>
                        {v >= 0.08 && <span aria-hidden="true">{share(v)}</span>}
                      </span>
                    ) : null,
                  )}
                </div>
              </td>
              <td className="num">{o.confidence === null ? '—' : share(o.confidence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A table's column headings; figures' headings sit over their figures. */
function Head({ columns }: { columns: [label: string, figure: boolean][] }) {
  return (
    <thead>
      <tr>
        {columns.map(([label, figure]) => (
          <th key={label} scope="col" className={figure ? 'num' : undefined}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
