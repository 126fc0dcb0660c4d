#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader: no build step.
import { register } from 'tsx/esm/api';

// React renders the documents on the server: its development build is several times slower.
process.env.NODE_ENV ??= 'production';
register();
await import('../src/cli/main.ts');
