import type { FastifyInstance } from 'fastify';

/** The API routes the server really has, read from its route tree (HEAD is implied by GET). */
export function apiRoutes(app: FastifyInstance): { path: string; method: string }[] {
  const out: { path: string; method: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^(.*?)(?:├── |└── )(\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = (m[1] as string).length / 4;
    stack[depth] = (depth > 0 ? (stack[depth - 1] ?? '') : '') + m[2];
    const path = (stack[depth] as string).replace(/:(\w+)/g, '{$1}');
    if (!path.startsWith('/api/') || path.startsWith('/api/docs') || path === '/api/openapi.json') continue;
    for (const method of (m[3] ?? '').split(', ').filter(Boolean))
      if (method !== 'HEAD') out.push({ path, method: method.toLowerCase() });
  }
  return out;
}
