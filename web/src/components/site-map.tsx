import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import OUTLINE from '../geo/morocco-outline.json';
import { formatNumber } from '../i18n/format.js';
import { Link } from '../router.js';
import { Bidi } from './bidi.js';
import { type Bbox, boxAround, type LonLat, mapFrame, pathOf } from './site-map-projection.js';
import './industrial-project-visuals.css';

/** A project's site the reader may read, with its coordinates. */
export interface MapSite {
  id: string;
  title: { text: string; lang: string };
  place: string;
  latitude: number;
  longitude: number;
  /** The project's page, when the map lists several. */
  href?: string;
}

const WIDTH = 400;
const outline = OUTLINE as unknown as { bbox: Bbox; land: LonLat[][]; outline: LonLat[][]; disputed: LonLat[][] };

/**
 * An outline map of Morocco drawn from shipped Natural Earth data (no tile
 * server is needed), with the sites given numbered on it: each point names
 * its project in a tooltip, and the numbered list beside it, with links and
 * coordinates, is the same for the keyboard and screen readers. The map draws
 * only what it is given, so a project the reader may not read is absent.
 */
export default function SiteMap({ sites, unplaced = 0 }: { sites: MapSite[]; unplaced?: number }) {
  const { t } = useTranslation();
  const [active, setActive] = useState<string | null>(null);
  const drawing = useMemo(() => {
    const frame = mapFrame(
      boxAround(
        outline.bbox,
        sites.map((s) => [s.longitude, s.latitude] as const),
      ),
      WIDTH,
    );
    return {
      frame,
      land: pathOf(outline.land, frame, true),
      outline: pathOf(outline.outline, frame, false),
      disputed: pathOf(outline.disputed, frame, false),
      points: sites.map((s) => frame.project(s.longitude, s.latitude)),
    };
  }, [sites]);
  const { frame } = drawing;
  return (
    <section className="site-map" aria-labelledby="site-map-heading">
      <h2 id="site-map-heading">{t('industryVisuals.map.title')}</h2>
      <div className="site-map-body">
        <figure className="chart-card">
          {/* Geography is not mirrored in a right-to-left page: west stays to the left. */}
          <svg
            viewBox={`0 0 ${frame.width} ${frame.height}`}
            role="img"
            aria-label={t('industryVisuals.map.image')}
            style={{ direction: 'ltr' }}
            xmlns="http://www.w3.org/2000/svg"
          >
            <path className="land" d={drawing.land} />
            <path className="outline" d={drawing.outline} />
            <path className="disputed" d={drawing.disputed} />
            {sites.map((s, i) => {
              const [x, y] = drawing.points[i] ?? [0, 0];
              // Sites close together (Benslimane and Casablanca) keep their numbers apart: each below the one before.
              const near = drawing.points.slice(0, i).filter(([a, b]) => Math.hypot(a - x, b - y) < 14).length;
              return (
                <g key={s.id} className={`site${active === s.id ? ' active' : ''}`} data-site={s.id}>
                  <title>{`${i + 1}. ${s.title.text} — ${s.place}`}</title>
                  <circle cx={x} cy={y} r={5} />
                  <text x={x + 7} y={y + 4 + near * 12}>
                    {i + 1}
                  </text>
                </g>
              );
            })}
          </svg>
          <figcaption>
            <p className="site-map-key">
              <svg viewBox="0 0 32 8" aria-hidden="true">
                <path className="disputed" d="M0 4H32" />
              </svg>
              {t('industryVisuals.map.disputed')}
            </p>
            <p className="site-map-source">{t('industryVisuals.map.source')}</p>
          </figcaption>
        </figure>
        <div className="site-map-list-wrap">
          {sites.length === 0 ? (
            <p className="muted">{t('industryVisuals.map.none')}</p>
          ) : (
            <ol className="site-map-list" aria-label={t('industryVisuals.map.list')}>
              {sites.map((s) => (
                <li
                  key={s.id}
                  data-site={s.id}
                  onMouseEnter={() => setActive(s.id)}
                  onMouseLeave={() => setActive(null)}
                  onFocus={() => setActive(s.id)}
                  onBlur={() => setActive(null)}
                >
                  {s.href ? (
                    <Link to={s.href}>
                      <Bidi lang={s.title.lang}>{s.title.text}</Bidi>
                    </Link>
                  ) : (
                    <Bidi lang={s.title.lang}>{s.title.text}</Bidi>
                  )}
                  <br />
                  <Bidi>{s.place}</Bidi>{' '}
                  <span className="muted" dir="ltr">
                    (
                    {t('industryVisuals.map.coordinates', {
                      latitude: formatNumber(s.latitude),
                      longitude: formatNumber(s.longitude),
                    })}
                    )
                  </span>
                </li>
              ))}
            </ol>
          )}
          {unplaced > 0 && <p className="muted">{t('industryVisuals.map.unplaced', { count: unplaced })}</p>}
        </div>
      </div>
    </section>
  );
}
