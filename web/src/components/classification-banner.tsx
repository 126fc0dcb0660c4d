import { createContext, type ReactNode, useCallback, useContext, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Label } from '../api/types.js';
import { type PageMarking, pageMarking, releaseList } from './marking.js';

function useMarkingText() {
  const { t } = useTranslation();
  return (marking: PageMarking) => {
    const parts = [t(`classification.${marking.classification}`)];
    if (marking.compartments.length) parts.push(marking.compartments.join('/'));
    if (marking.releasableTo.length) parts.push(t('banner.relTo', { parties: marking.releasableTo.join(', ') }));
    return parts.join(' // ');
  };
}

/** What a test or a script reads of a marking, whatever the language shown. */
const markingData = (m: PageMarking) => ({
  'data-classification': m.classification,
  'data-releasable-to': m.releasableTo.join(','),
  'data-compartments': m.compartments.join(','),
});

/**
 * The marking of one record, shown on its card or header; compact, the portion
 * marking that leads a line of a list, e.g. "(S//REL MAR, ISR)", with the full
 * marking as its title.
 */
export function RecordMarking({ label, compact = false }: { label: Label; compact?: boolean }) {
  const { t } = useTranslation();
  const text = useMarkingText();
  const marking = { classification: label.classification, releasableTo: releaseList(label), compartments: label.compartments };
  const full = text(marking);
  if (compact) {
    const parts = [t(`classificationShort.${label.classification}`)];
    if (marking.compartments.length) parts.push(marking.compartments.join('/'));
    parts.push(marking.releasableTo.join(', '));
    return (
      <abbr className={`record-marking portion level-${label.classification}`} title={full} {...markingData(marking)}>
        ({parts.join('//')})
      </abbr>
    );
  }
  return (
    <div className={`record-marking level-${label.classification}`} {...markingData(marking)}>
      {full}
    </div>
  );
}

type Sources = ReadonlyMap<string, readonly Label[]>;
type Register = (source: string, labels: readonly Label[] | null) => void;
const PageLabelsContext = createContext<{ sources: Sources; register: Register }>({ sources: new Map(), register: () => {} });

export function PageLabelsProvider({ children }: { children: ReactNode }) {
  const [sources, setSources] = useState<Sources>(new Map());
  const register = useCallback<Register>((source, labels) => {
    setSources((prev) => {
      const next = new Map(prev);
      if (labels) next.set(source, labels);
      else next.delete(source);
      return next;
    });
  }, []);
  return <PageLabelsContext.Provider value={{ sources, register }}>{children}</PageLabelsContext.Provider>;
}

/**
 * A part of a page declares the records it shows, so the page's banners carry
 * the most sensitive of them. Labels are reduced to their distinct values, so
 * a table of many rows costs no more than its few different markings.
 */
export function usePageLabels(labels: readonly Label[]) {
  const { register } = useContext(PageLabelsContext);
  const source = useId();
  const distinct = new Map<string, Label>();
  for (const l of labels) {
    const { ownerParty, classification, releasableTo, compartments } = l;
    distinct.set(`${classification}|${ownerParty}|${releasableTo.join()}|${compartments.join()}`, {
      ownerParty,
      classification,
      releasableTo,
      compartments,
    });
  }
  const key = [...distinct.keys()].sort().join(';');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is new on every render; its sorted keys say when the markings changed.
  useEffect(() => {
    register(source, [...distinct.values()]);
  }, [key, register, source]);
  useEffect(() => () => register(source, null), [register, source]);
}

/** The banner at the top and bottom of every page, coloured by the highest level on it. */
export function PageBanner({ position }: { position: 'top' | 'bottom' }) {
  const { t } = useTranslation();
  const text = useMarkingText();
  const { sources } = useContext(PageLabelsContext);
  const marking = pageMarking([...sources.values()].flat());
  return (
    <div
      className={`page-banner ${position} level-${marking.classification}`}
      role="note"
      aria-label={t('banner.label')}
      {...markingData(marking)}
    >
      {text(marking)}
    </div>
  );
}
