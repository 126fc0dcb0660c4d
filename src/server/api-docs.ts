import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

// The reference page is one self-contained document: no script, style, font or
// image from another host, no hosted "try it" proxy, no advertising. It reads
// the OpenAPI document this server generates and lays it out, so it works on a
// network with no way out, and it can never show more than that document holds.
const script = `
const el = (tag, props, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) if (child !== undefined && child !== null) node.append(child);
  return node;
};
const resolve = (doc, schema) => {
  let s = schema;
  for (let i = 0; s && typeof s.$ref === 'string' && i < 20; i++)
    s = s.$ref.replace(/^#\\//, '').split('/').reduce((o, k) => (o ? o[decodeURIComponent(k)] : undefined), doc);
  return s;
};
const schemaBlock = (doc, schema) =>
  el('details', {}, el('summary', { textContent: 'schema' }), el('pre', { textContent: JSON.stringify(resolve(doc, schema), null, 2) }));
const operation = (doc, path, method, op) => {
  const box = el('details', { className: 'op', id: op.operationId || method + ' ' + path });
  box.append(el('summary', {}, el('span', { className: 'verb ' + method, textContent: method.toUpperCase() }), el('code', { textContent: path }), ' ', op.summary || ''));
  if (op.description) box.append(el('p', { textContent: op.description }));
  const params = op.parameters || [];
  if (params.length) {
    const table = el('table', {}, el('tr', {}, el('th', { textContent: 'parameter' }), el('th', { textContent: 'in' }), el('th', { textContent: 'required' }), el('th', { textContent: 'description' })));
    for (const raw of params) {
      const p = resolve(doc, raw);
      table.append(el('tr', {}, el('td', {}, el('code', { textContent: p.name })), el('td', { textContent: p.in }), el('td', { textContent: p.required ? 'yes' : 'no' }), el('td', { textContent: p.description || '' })));
    }
    box.append(table);
  }
  for (const [type, media] of Object.entries((op.requestBody && op.requestBody.content) || {}))
    box.append(el('h4', { textContent: 'Body (' + type + ')' }), schemaBlock(doc, media.schema));
  for (const [status, raw] of Object.entries(op.responses || {})) {
    const r = resolve(doc, raw) || {};
    box.append(el('h4', { textContent: status + ' ' + (r.description || '') }));
    for (const [type, media] of Object.entries(r.content || {})) if (media.schema) box.append(el('div', { textContent: type }), schemaBlock(doc, media.schema));
  }
  return box;
};
const render = (doc) => {
  const main = document.getElementById('reference');
  main.replaceChildren(el('h1', { textContent: doc.info.title + ' ' + doc.info.version }), el('p', { textContent: doc.info.description || '' }));
  main.append(el('p', {}, 'Authentication: a session cookie from ', el('code', { textContent: 'POST /api/auth/login' }), ', or ', el('code', { textContent: 'Authorization: Bearer <token>' }), '. The document itself: ', el('a', { href: '/api/openapi.json', textContent: '/api/openapi.json' }), '.'));
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths || {}))
    for (const [method, op] of Object.entries(item))
      if (op && typeof op === 'object' && 'responses' in op) {
        const tag = (op.tags && op.tags[0]) || 'Other';
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push(operation(doc, path, method, op));
      }
  for (const [tag, ops] of [...byTag].sort(([a], [b]) => a.localeCompare(b))) main.append(el('section', {}, el('h2', { textContent: tag }), ...ops));
};
fetch('/api/openapi.json', { credentials: 'same-origin' })
  .then((res) => { if (!res.ok) throw new Error('HTTP ' + res.status); return res.json(); })
  .then(render)
  .catch((err) => { document.getElementById('reference').textContent = 'The OpenAPI document could not be read: ' + err.message; });
`;

const style = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 70rem; padding: 1rem 2rem; color: #1b1f24; }
h2 { border-bottom: 1px solid #ccd; margin-top: 2rem; }
.op { border: 1px solid #dde; border-radius: 4px; margin: .4rem 0; padding: .3rem .6rem; }
.op > summary { cursor: pointer; }
.verb { display: inline-block; min-width: 4.5rem; font-weight: 600; font-family: monospace; }
.get { color: #0a5; } .post { color: #06c; } .put, .patch { color: #b60; } .delete { color: #c22; }
code, pre { font-family: ui-monospace, monospace; }
pre { background: #f5f6f8; padding: .5rem; overflow: auto; max-height: 30rem; }
table { border-collapse: collapse; } td, th { border: 1px solid #dde; padding: .2rem .5rem; text-align: left; }
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const API_DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>JointPlan API reference</title>
<link rel="icon" href="data:,">
<style>${style}</style>
</head>
<body>
<main id="reference"><p>Loading the OpenAPI document…</p></main>
<script>${script}</script>
</body>
</html>
`;

/** The browser itself holds the page to this server: nothing else may be fetched, framed or posted to. */
export const API_DOCS_POLICY = [
  "default-src 'none'",
  `script-src ${hash(script)}`,
  `style-src ${hash(style)}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** GET /api/docs: the API reference, readable without signing in, like the document it shows. */
export function registerApiDocs(app: FastifyInstance) {
  app.get('/api/docs', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', API_DOCS_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache')
      .send(API_DOCS_PAGE),
  );
}
