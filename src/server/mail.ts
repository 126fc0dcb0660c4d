import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { SendMail } from '../app/notification-mail.usecases.js';
import { CLASSIFICATIONS, type Classification, classificationSchema } from '../domain/labels.js';

export interface MailSettings {
  send: SendMail;
  /** The web app's public address, for links in messages. */
  baseUrl: string | undefined;
  /** The highest classification a message may hold; above it a message says only how many notifications wait. */
  maxClassification: Classification;
}

/** The SMTP address as it may be logged: without its password. */
const shown = (url: string) => {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unreadable address)';
  }
};

/**
 * The installation's mail, from the environment: JOINTPLAN_SMTP_URL
 * (`smtp://user:password@host:587`, `smtps://…` for TLS from the start),
 * JOINTPLAN_MAIL_FROM (the sender, `JointPlan <jointplan@example.org>` by
 * default), JOINTPLAN_PUBLIC_URL (the web app's address, for links) and
 * JOINTPLAN_MAIL_MAX_CLASSIFICATION (the highest classification a message may
 * hold, UNCLASSIFIED by default; a message that would hold more says only how
 * many notifications wait, and to sign in). No SMTP address, no e-mail: said
 * once, at start, in the log.
 */
export function mailFromEnv(env: NodeJS.ProcessEnv, log: FastifyBaseLogger): MailSettings | null {
  const url = env.JOINTPLAN_SMTP_URL?.trim();
  if (!url) {
    log.info('no SMTP server configured (JOINTPLAN_SMTP_URL): notifications and the daily digest are not e-mailed');
    return null;
  }
  const from = env.JOINTPLAN_MAIL_FROM?.trim() || 'JointPlan <jointplan@localhost>';
  const asked = env.JOINTPLAN_MAIL_MAX_CLASSIFICATION?.trim();
  const level = classificationSchema.safeParse(asked || CLASSIFICATIONS[0]);
  // A level not understood sends the least: counts only, whatever the notifications hold.
  if (!level.success)
    log.error(
      { JOINTPLAN_MAIL_MAX_CLASSIFICATION: asked, levels: CLASSIFICATIONS },
      'unknown classification for e-mail: messages hold UNCLASSIFIED notifications at most',
    );
  const maxClassification = level.success ? level.data : CLASSIFICATIONS[0];
  const transport = nodemailer.createTransport(url);
  log.info({ smtp: shown(url), from, maxClassification }, 'notifications and the daily digest are e-mailed');
  return {
    send: async (m) => {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, headers: m.headers });
    },
    baseUrl: env.JOINTPLAN_PUBLIC_URL?.trim() || undefined,
    maxClassification,
  };
}
