import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/jointplan.js');

/**
 * Runs the command line as an operator would, in a process of its own, with
 * neither DATABASE_URL nor JOINTPLAN_USER from the test's environment: the
 * command says its database and who acts.
 */
export function jointplan(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { DATABASE_URL: _ignored, JOINTPLAN_USER: _user, ...env } = process.env;
  return new Promise((done) => {
    execFile('node', [BIN, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}
