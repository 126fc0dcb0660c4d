import { renderToStaticMarkup } from 'react-dom/server';
import type { EvaluationReportDocument } from '../app/evaluation-documents.usecases.js';
import type { DocumentLanguage } from '../domain/document.model.js';
import { offerCodeText } from '../domain/evaluation/offer-code.js';
import { flipBars, rankStacks } from './charts.js';
import { Bidi, Chart, type Ctx, context, DataTable, Frame, isRtl, Sentence } from './render.js';

// The evaluation report: the criteria and their weights, the consistency of
// each comparison matrix, each evaluator's scores, the ranking (weighted sum
// and TOPSIS), its stability (flip points and rank acceptability) and the
// hash, in the frame, marking and direction of the other documents.

const fixed = (x: number, digits = 3) => x.toFixed(digits);

function Body({ c, doc }: { c: Ctx; doc: EvaluationReportDocument }) {
  const e = doc.evaluation;
  const r = e.result;
  // The evaluation names offers by a neutral code ("O2"), read here in the document's language.
  const offerName = new Map(doc.offers.map((o) => [o.id, offerCodeText(o.name, (n) => c.t('evaluation.offerCode', { n }))]));
  const criterionName = new Map((e.criteria?.items ?? []).map((i) => [i.id, i.name]));
  const evaluatorName = new Map(e.evaluators.map((x) => [x.userId, x.name]));
  const nameOf = (id: string | null) => (id === null ? c.t('evaluation.top') : (criterionName.get(id) ?? id));
  const weights = new Map((r?.criteria ?? []).map((w) => [w.id, w]));
  const subtitle = [c.t(`evaluation.state.${e.state}`), e.method ? c.t(`evaluation.aggregation.${e.method.aggregation}`) : null];
  return (
    <Frame c={c} doc={doc} title={c.t('doc.evaluation')} name={doc.programme.title} subtitle={subtitle}>
      <h2>{c.t('evaluation.section.offers')}</h2>
      <DataTable
        c={c}
        rows={doc.offers}
        columns={[
          { head: c.t('evaluation.offer'), cell: (o) => <Bidi>{offerName.get(o.id) ?? o.name}</Bidi> },
          { head: c.t('evaluation.supplier'), cell: (o) => (o.supplier ? <Bidi>{o.supplier.name}</Bidi> : '—') },
        ]}
      />
      <h2>{c.t('evaluation.section.criteria')}</h2>
      <DataTable
        c={c}
        rows={e.criteria?.items ?? []}
        columns={[
          { head: c.t('evaluation.criterion'), cell: (i) => <Bidi>{i.name}</Bidi> },
          { head: c.t('evaluation.parent'), cell: (i) => <Bidi>{nameOf(i.parent)}</Bidi> },
          {
            head: c.t('evaluation.localWeight'),
            cell: (i) => (weights.has(i.id) ? fixed(weights.get(i.id)?.localWeight ?? 0) : '—'),
            className: 'num',
          },
          {
            head: c.t('evaluation.globalWeight'),
            cell: (i) => (weights.has(i.id) ? fixed(weights.get(i.id)?.globalWeight ?? 0) : '—'),
            className: 'num',
          },
        ]}
      />
      {!r && (
        <p className="missing">
          <Sentence c={c} k="evaluation.noResult" values={{ count: e.missing.length }} />
        </p>
      )}
      <h2>{c.t('evaluation.section.consistency')}</h2>
      {e.method && (
        <p>
          <Sentence c={c} k="evaluation.randomIndex" values={{ table: c.t(`evaluation.riTable.${e.method.randomIndex}`) }} />
        </p>
      )}
      <DataTable
        c={c}
        rows={r?.consistency ?? []}
        rowClass={(m) => (m.flagged ? 'late' : '')}
        columns={[
          {
            head: c.t('evaluation.matrix'),
            cell: (m) =>
              m.subject.kind === 'criteria' ? (
                <Bidi>{nameOf(m.subject.node)}</Bidi>
              ) : (
                <>
                  {c.t('evaluation.offersOn')} <Bidi>{nameOf(m.subject.criterion)}</Bidi>
                </>
              ),
          },
          {
            head: c.t('evaluation.evaluator'),
            cell: (m) =>
              m.evaluator ? <Bidi>{evaluatorName.get(m.evaluator) ?? m.evaluator}</Bidi> : c.t('evaluation.aggregated'),
          },
          { head: 'n', cell: (m) => m.n, className: 'num' },
          { head: 'CR', cell: (m) => (m.cr === null ? '—' : fixed(m.cr)), className: 'num' },
          { head: c.t('evaluation.flagged'), cell: (m) => (m.flagged ? c.t('evaluation.crAbove') : '') },
        ]}
      />
      <h2>{c.t('evaluation.section.scores')}</h2>
      {e.evaluators.length === 0 && <p>{c.t('none')}</p>}
      {e.evaluators.map((ev) => (
        <section key={ev.userId} className="evaluator">
          <h3>
            <Bidi>{ev.name}</Bidi> (<Bidi ltr>{ev.party}</Bidi>)
          </h3>
          <DataTable
            c={c}
            rows={ev.inputs.assessments}
            columns={[
              { head: c.t('evaluation.criterion'), cell: (a) => <Bidi>{nameOf(a.criterion)}</Bidi> },
              ...doc.offers.map((o) => ({
                head: offerName.get(o.id) ?? o.name,
                cell: (a: (typeof ev.inputs.assessments)[number]) =>
                  a.kind === 'scores'
                    ? a.scores[o.id] === undefined
                      ? '—'
                      : c.num(a.scores[o.id] as number)
                    : c.t('evaluation.pairwise'),
                className: 'num',
              })),
            ]}
          />
        </section>
      ))}
      <h2>{c.t('evaluation.section.ranking')}</h2>
      <DataTable
        c={c}
        rows={r?.ranking ?? []}
        columns={[
          { head: c.t('evaluation.rank'), cell: (x) => x.rank, className: 'num' },
          { head: c.t('evaluation.offer'), cell: (x) => <Bidi>{offerName.get(x.offer) ?? x.offer}</Bidi> },
          { head: c.t('evaluation.score'), cell: (x) => fixed(x.score, 4), className: 'num' },
          {
            head: 'TOPSIS',
            cell: (x) => {
              const t = r?.topsis.find((y) => y.offer === x.offer);
              return t ? `${fixed(t.closeness, 4)} (${t.rank})` : '—';
            },
            className: 'num',
          },
        ]}
      />
      {r && <p>{c.t(r.sameFirst ? 'evaluation.sameFirst' : 'evaluation.otherFirst')}</p>}
      <h2>{c.t('evaluation.section.stability')}</h2>
      {r && r.flipPoints.length > 0 && (
        <Chart
          svg={flipBars(
            r.flipPoints.map((f) => ({
              label: nameOf(f.criterion),
              weight: f.weight,
              flips: [f.below, f.above].flatMap((b) => (b ? [b.weight] : [])),
            })),
            { weight: c.t('evaluation.localWeight'), flip: c.t('evaluation.flipPoint') },
            isRtl(c.lang),
          )}
        />
      )}
      <DataTable
        c={c}
        rows={r?.flipPoints ?? []}
        columns={[
          { head: c.t('evaluation.criterion'), cell: (f) => <Bidi>{nameOf(f.criterion)}</Bidi> },
          { head: c.t('evaluation.localWeight'), cell: (f) => fixed(f.weight), className: 'num' },
          {
            head: c.t('evaluation.below'),
            cell: (f) => (f.below ? <Bidi>{`${fixed(f.below.weight)} → ${offerName.get(f.below.by) ?? f.below.by}`}</Bidi> : '—'),
          },
          {
            head: c.t('evaluation.above'),
            cell: (f) => (f.above ? <Bidi>{`${fixed(f.above.weight)} → ${offerName.get(f.above.by) ?? f.above.by}`}</Bidi> : '—'),
          },
        ]}
      />
      {r && (
        <>
          <h3>{c.t('evaluation.rankAcceptability')}</h3>
          <Chart
            svg={rankStacks(
              r.smaa.offers.map((o) => ({ label: offerName.get(o.offer) ?? o.offer, shares: o.rankAcceptability })),
              r.ranking.map((_, k) => c.t('evaluation.rankN', { rank: k + 1 })),
              isRtl(c.lang),
            )}
          />
          <DataTable
            c={c}
            rows={r.smaa.offers}
            columns={[
              { head: c.t('evaluation.offer'), cell: (o) => <Bidi>{offerName.get(o.offer) ?? o.offer}</Bidi> },
              ...r.ranking.map((_, k) => ({
                head: c.t('evaluation.rankN', { rank: k + 1 }),
                cell: (o: (typeof r.smaa.offers)[number]) => c.pct(o.rankAcceptability[k] ?? 0),
                className: 'num',
              })),
            ]}
          />
          <p className="muted">
            <Sentence c={c} k="evaluation.smaa" values={{ draws: r.smaa.draws, seed: r.smaa.seed }} />
          </p>
        </>
      )}
      <h2>{c.t('evaluation.section.hash')}</h2>
      <p className="hash evaluation-hash">
        {e.hash ? (
          <Sentence
            c={c}
            k={e.frozen ? 'evaluation.frozenHash' : 'evaluation.liveHash'}
            values={{ hash: e.hash, date: e.frozen ? c.date(e.frozen.at) : '' }}
            ltr={['hash']}
          />
        ) : (
          c.t('evaluation.noHash')
        )}
      </p>
    </Frame>
  );
}

/** The evaluation report as a self-contained HTML page, in its language and direction. */
export function renderEvaluationReportHtml(doc: EvaluationReportDocument, lang: DocumentLanguage): string {
  return `<!doctype html>${renderToStaticMarkup(<Body c={context(lang)} doc={doc} />)}`;
}
