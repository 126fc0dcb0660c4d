import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../src/demo/accounts.js';
import { INDUSTRIAL_PROJECTS } from '../src/demo/demo.industry.js';
import { canRead, type Label } from '../src/domain/labels.js';
import { databases } from './support/databases.js';
import { servedDemo } from './support/world-demo.js';

// biome-ignore lint/suspicious/noExplicitAny: the answers' JSON is read loosely here; the assertions check its shape
type Json = Record<string, any>;

const TITLES = Object.fromEntries(INDUSTRIAL_PROJECTS.map((p) => [p.key, p.input.title.fr ?? ''])) as Record<
  (typeof INDUSTRIAL_PROJECTS)[number]['key'],
  string
>;

/**
 * What each demo account should find among the industrial projects: the two
 * Elbit sites are CONFIDENTIAL and bilateral (Morocco's, released to Israel),
 * the Benslimane complex RESTRICTED and released to Israel and the United States.
 */
const SEES: Record<string, (keyof typeof TITLES)[]> = {
  'mar.planner': ['casablanca', 'second_site', 'benslimane'],
  'mar.security': ['casablanca', 'second_site', 'benslimane'],
  'mar.viewer': ['benslimane'],
  'isr.planner': ['casablanca', 'second_site', 'benslimane'],
  'isr.viewer': ['casablanca', 'second_site', 'benslimane'],
  'usa.viewer': ['benslimane'],
  'mar.acquisition': ['casablanca', 'second_site', 'benslimane'],
};

describe.each(databases())('demo industrial projects on %s', (kind) => {
  const { get, ok } = servedDemo(kind, 180_000);
  const projects = async (who: string) => (await ok(who, '/api/industrial-projects')).items as Json[];
  const project = async (key: keyof typeof TITLES, who = 'mar.planner') => {
    const found = (await projects(who)).find((p) => p.title.fr === TITLES[key]);
    if (!found) throw new Error(`${who} does not see ${key}`);
    return ok(who, `/api/industrial-projects/${found.id}`);
  };

  it('shows each demo account exactly the projects its labels allow: the United States the tripartite one only', async () => {
    const all = await projects('mar.security');
    expect(all.map((p) => p.title.fr).sort()).toEqual(Object.values(TITLES).sort());
    for (const { username, party, clearance, compartments } of DEMO_ACCOUNTS) {
      const seen = await projects(username);
      expect(seen.map((p) => p.title.fr).sort(), username).toEqual(SEES[username]?.map((k) => TITLES[k]).sort());
      const allowed = all.filter((p) => canRead({ party, clearance, compartments }, p as Label));
      expect(seen.map((p) => p.id).sort(), username).toEqual(allowed.map((p) => p.id).sort());
      for (const hidden of all.filter((p) => !allowed.includes(p))) {
        const res = await get(username, `/api/industrial-projects/${hidden.id}`);
        const missing = await get(username, '/api/industrial-projects/00000000-0000-4000-8000-000000000000');
        expect([res.statusCode, res.json()], username).toEqual([404, missing.json()]);
      }
    }
  });

  it('holds the Benslimane complex with its three parties, shares adding up to 100 and marked illustrative', async () => {
    const p = await project('benslimane');
    expect(p).toMatchObject({ status: 'agreed', ownerParty: 'MAR', classification: 'RESTRICTED', releasableTo: ['ISR', 'USA'] });
    expect(p.partners.map((x: Json) => [x.party, x.role])).toEqual([
      ['MAR', 'host_state'],
      ['ISR', 'technology_provider'],
      ['USA', 'financing_party'],
    ]);
    const bp = p.partners.map((x: Json) => Math.round(Number(x.share) * 100));
    expect(bp.reduce((a: number, b: number) => a + b, 0)).toBe(10_000);
    expect(p.description.fr).toMatch(/Benslimane, entre Rabat et Casablanca.*source : article A/);
    expect(p.description.fr).toMatch(/parts du coût : illustratifs/);
    expect(p.description.en).toMatch(/cost shares are illustrative/);
    for (const m of p.milestones) expect(m.title).toMatch(/illustrative/);
    // It comes from the Benslimane programme, which usa.viewer may read too.
    expect(p.programmeIds).toHaveLength(1);
    expect((await project('benslimane', 'usa.viewer')).programmeIds).toEqual(p.programmeIds);
    const history = await ok('usa.viewer', `/api/industrial-projects/${p.id}/history`);
    expect(history.events.map((e: Json) => e.to)).toEqual(['proposed', 'agreed']);
  });

  it("gives each party its own commitments in full and the others' only where released", async () => {
    const commitmentsSeen = async (who: string) =>
      Object.fromEntries((await project('benslimane', who)).partners.map((x: Json) => [x.party, x.commitments.length as number]));
    expect(await commitmentsSeen('mar.planner')).toEqual({ MAR: 1, ISR: 1, USA: 1 });
    // The United States reads its own financing commitment and Morocco's, not Israel's kept between Israel and Morocco.
    expect(await commitmentsSeen('usa.viewer')).toEqual({ MAR: 1, ISR: 0, USA: 1 });
    expect(await commitmentsSeen('isr.viewer')).toEqual({ MAR: 1, ISR: 1, USA: 0 });
    const usa = (await project('benslimane', 'usa.viewer')).partners.find((x: Json) => x.party === 'USA').commitments[0];
    expect(usa).toMatchObject({ ownerParty: 'USA', contribution: { amount: '150000000.00', currency: 'USD' } });
  });

  it('holds the two Elbit production sites, one in the Casablanca region, each citing its source', async () => {
    const casa = await project('casablanca');
    expect(casa).toMatchObject({ kind: 'production_site', status: 'proposed', releasableTo: ['ISR'] });
    expect(casa.site.place).toMatch(/Casablanca/);
    expect(casa.site.latitude).toBeNull();
    expect(casa.description.fr).toMatch(/deux sites de production.*Casablanca.*source : article A/);
    expect(casa.transfers[0].what).toMatch(/source : article B/);
    const second = await project('second_site');
    expect(second.description.fr).toMatch(/source : article A/);
    expect(casa.programmeIds).toEqual(second.programmeIds);
    expect(casa.programmeIds).toHaveLength(1);
  });
});
