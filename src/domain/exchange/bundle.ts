import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { auditCheckpointSchema, checkpointBytes } from '../audit-checkpoint.js';
import { verifyExtension } from '../audit-tree.js';
import { jcs } from '../canonical-json.js';
import { partyCodeSchema } from '../labels.js';
import { matching, problem } from '../problems.js';
import {
  base64url,
  keyIdSchema,
  keyRefusal,
  SIGNATURE_ALGORITHMS,
  type SignatureAlgorithm,
  strictBase64url,
  type TrustedKey,
  usableKey,
  type VerifySignature,
} from './keys.js';

/**
 * An exchange bundle: what one installation sends one partner, signed, in three parts on their own
 * lines, then the content:
 *
 *   JOINTPLAN-BUNDLE/1\n
 *   <the header, canonical JSON (RFC 8785)>\n
 *   <the signature over the header's bytes, base64url>\n
 *   <the content: `content.length` bytes whose SHA-256 is `content.hash`>
 *
 * The header names who sent it to whom, its place in the sender's sequence of bundles to that
 * recipient (sequence number and hash of the previous bundle), when it was made and until when it may
 * be applied, the hash of the content and the sender's signed audit checkpoint. `verifyBundleHead`
 * checks all of it -- key, signature, audience, times, sequence, checkpoint -- before anything reads
 * the content; `verifyBundle` (whole) and `verifyBundleStream` (in bounded memory) then check the
 * content against its signed hash and hand it back as bytes, unparsed.
 */

export const BUNDLE_MAGIC = 'JOINTPLAN-BUNDLE/1';
/** The header's `typ`, fixed: a header of another type is refused (RFC 8725 §3.11). */
export const BUNDLE_TYP = 'application/vnd.jointplan.bundle+json';
export const BUNDLE_CONTENT_TYPE = 'application/x-ndjson';
/** Headers are small; a longer first part is not a bundle. */
export const MAX_HEADER_BYTES = 16 * 1024;
/** How far ahead of this installation's clock a bundle's creation time may be. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

const hex64 = matching(/^[0-9a-f]{64}$/, 'field.hex_digits', { count: 64 });
const endpoint = z.strictObject({ installation: z.string().min(1).max(80), party: partyCodeSchema });
const isoTime = z.iso.datetime({ offset: false });

export const bundleHeaderSchema = z.strictObject({
  typ: z.literal(BUNDLE_TYP),
  alg: z.enum(SIGNATURE_ALGORITHMS).describe("the signing key's algorithm; checked against the trusted key, never used"),
  kid: keyIdSchema.describe('the signing key'),
  bundleId: z.uuid(),
  sender: endpoint,
  audience: endpoint,
  sequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  previousHash: hex64
    .nullable()
    .describe("SHA-256 of the previous bundle's header bytes (which commit to its content); null for the first"),
  createdAt: isoTime,
  expiresAt: isoTime,
  content: z.strictObject({
    hash: hex64,
    length: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    mediaType: z.literal(BUNDLE_CONTENT_TYPE),
  }),
  checkpoint: auditCheckpointSchema.describe("the sender's signed audit checkpoint when it made the bundle"),
  auditProof: z
    .strictObject({
      root: hex64.describe('RFC 9162 Merkle tree hash of the audit entry hashes 1..checkpoint.treeSize'),
      fromSize: z
        .number()
        .int()
        .min(0)
        .max(Number.MAX_SAFE_INTEGER)
        .describe('size of the checkpoint of the last bundle sent to this recipient; 0 for the first'),
      fromPath: z.array(hex64).max(64).describe('audit path of entry `fromSize` to `root` (empty when `fromSize` is 0)'),
      headPath: z.array(hex64).max(64).describe('audit path of entry `checkpoint.treeSize`, the head, to `root`'),
    })
    .optional()
    .describe(
      "proof that the sender's audit log still holds, as entry `fromSize`, the head it last sent this recipient; bundles made before it existed have none",
    ),
});
export type BundleHeader = z.infer<typeof bundleHeaderSchema>;

/** What the sender chooses; the rest (type, key, content hash and length) `buildBundle` fills in. */
export type BundleFields = Omit<BundleHeader, 'typ' | 'alg' | 'kid' | 'content'>;

export interface BundleSigner {
  alg: SignatureAlgorithm;
  keyId: string;
  sign: (bytes: Uint8Array) => Uint8Array;
}

export const sha256Hex = (bytes: Uint8Array) => bytesToHex(sha256(bytes));

/** The bytes of a bundle: its header signed by `signer`, then the content. */
export function buildBundle(fields: BundleFields, content: Uint8Array, signer: BundleSigner): Uint8Array {
  const header: BundleHeader = {
    ...fields,
    typ: BUNDLE_TYP,
    alg: signer.alg,
    kid: signer.keyId,
    content: { hash: sha256Hex(content), length: content.length, mediaType: BUNDLE_CONTENT_TYPE },
  };
  const headerText = jcs(bundleHeaderSchema.parse(header));
  const head = utf8ToBytes(`${BUNDLE_MAGIC}\n${headerText}\n${base64url(signer.sign(utf8ToBytes(headerText)))}\n`);
  const out = new Uint8Array(head.length + content.length);
  out.set(head);
  out.set(content, head.length);
  return out;
}

/** What a recipient recorded of the last bundle it applied from one sender: its high-water mark. */
export interface SenderState {
  sequence: number;
  bundleId: string;
  bundleHash: string;
  checkpoint: { treeSize: number; headHash: string };
}

export interface VerifyContext {
  /** This installation: a bundle for anyone else is refused. */
  self: { installation: string; party: string };
  keys: readonly TrustedKey[];
  /** The recorded state for a sender installation, or null before its first bundle. */
  stateOf: (installation: string) => SenderState | null;
  now: Date;
  verify: VerifySignature;
  /**
   * A SHA-256 to hash the content with as it streams (`verifyBundleStream`): the caller may hand in
   * its platform's (node:crypto's), several times faster than the pure one used by default.
   */
  sha256?: () => StreamingHash;
}

/** A hash fed a chunk at a time. */
export interface StreamingHash {
  update(bytes: Uint8Array): unknown;
  digest(): Uint8Array;
}

/** A bundle whose header passed every check: what remains is to check its content against `header.content`. */
export interface VerifiedHead {
  header: BundleHeader;
  /** SHA-256 of the header's signed bytes: the bundle's identity, the next bundle's `previousHash`. */
  bundleHash: string;
  /** The state to record, in the transaction that applies the content. */
  nextState: SenderState;
  /** How many bytes precede the content. */
  headLength: number;
}

export interface VerifiedBundle extends VerifiedHead {
  /** The content's bytes, checked against the signed hash and length, not parsed. */
  content: Uint8Array;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function lineEnd(bytes: Uint8Array, from: number): number {
  const end = Math.min(bytes.length, from + MAX_HEADER_BYTES);
  for (let i = from; i < end; i++) if (bytes[i] === 0x0a) return i;
  throw problem('exchange.bundle_malformed');
}

function readHeader(bytes: Uint8Array) {
  const magicEnd = lineEnd(bytes, 0);
  const headerEnd = lineEnd(bytes, magicEnd + 1);
  const signatureEnd = lineEnd(bytes, headerEnd + 1);
  let magic: string;
  let headerText: string;
  let signatureText: string;
  let json: unknown;
  try {
    magic = decoder.decode(bytes.subarray(0, magicEnd));
    headerText = decoder.decode(bytes.subarray(magicEnd + 1, headerEnd));
    signatureText = decoder.decode(bytes.subarray(headerEnd + 1, signatureEnd));
    json = JSON.parse(headerText);
  } catch {
    throw problem('exchange.bundle_malformed');
  }
  if (magic !== BUNDLE_MAGIC || !json || typeof json !== 'object' || Array.isArray(json))
    throw problem('exchange.bundle_malformed');
  const typ = (json as { typ?: unknown }).typ;
  if (typ !== BUNDLE_TYP) throw problem('exchange.bundle_wrong_type', { type: String(typ).slice(0, 80) });
  const parsed = bundleHeaderSchema.safeParse(json);
  // The header is signed as the canonical text it must already be: one header, one spelling.
  let canonical = false;
  try {
    canonical = jcs(json) === headerText;
  } catch {}
  if (!parsed.success || !canonical) throw problem('exchange.bundle_malformed');
  return {
    header: parsed.data,
    headerBytes: bytes.subarray(magicEnd + 1, headerEnd),
    signature: strictBase64url(signatureText),
    headLength: signatureEnd + 1,
  };
}

/** A bundle's identity, as the next bundle to the same recipient names it in `previousHash`: the SHA-256 of its header's bytes. */
export const bundleHashOf = (bundle: Uint8Array) => sha256Hex(readHeader(bundle).headerBytes);

/** The most bytes the part of a bundle before its content can take: give `verifyBundleHead` at least this much, or all. */
export const MAX_HEAD_BYTES = BUNDLE_MAGIC.length + 1 + 2 * MAX_HEADER_BYTES;

/**
 * Checks the part of a bundle before its content -- everything but the content itself -- given the
 * bundle's first bytes (at least MAX_HEAD_BYTES of them, or the whole bundle), and throws the coded
 * error of the first check it fails, in this order:
 * 1. form: magic line, header canonical and well formed, `typ` the bundle's (malformed, wrong type);
 * 2. key: a trusted exchange key of the sender, of the algorithm the header names, neither revoked,
 *    rotated out nor expired (unknown key, not the sender's, algorithm, revoked, rotated out, expired);
 * 3. signature over the header's bytes (bad signature);
 * 4. audience: this installation and party (wrong audience);
 * 5. times: not expired, not made in the future (expired, not yet valid);
 * 6. sequence against the sender's recorded state (replayed, rollback, gap, forked);
 * 7. audit checkpoint: signed by a current audit key of the sender, and not shrunk or forked from the
 *    last one recorded (checkpoint invalid, shrunk, forked); with its proof (`auditProof`), shown to
 *    hold the last head recorded as the entry it was (checkpoint not extended). A bundle made before
 *    proofs has none, and is held to the size-and-head check alone.
 * The content is then checked by `verifyBundle` (whole) or `verifyBundleStream` (streamed).
 */
export function verifyBundleHead(prefix: Uint8Array, ctx: VerifyContext): VerifiedHead {
  const { header, headerBytes, signature, headLength } = readHeader(prefix);
  const key = usableKey(ctx.keys, header.kid, header.sender, 'exchange', ctx.now);
  if (key.alg !== header.alg) throw problem('exchange.key_algorithm_mismatch', { keyId: key.keyId, algorithm: key.alg });
  if (!signature || !ctx.verify(key, headerBytes, signature)) throw problem('exchange.bad_signature', { keyId: key.keyId });

  const { audience } = header;
  if (audience.installation !== ctx.self.installation || audience.party !== ctx.self.party)
    throw problem('exchange.wrong_audience', { installation: audience.installation, party: audience.party });
  if (Date.parse(header.expiresAt) <= ctx.now.getTime()) throw problem('exchange.bundle_expired', { time: header.expiresAt });
  if (Date.parse(header.createdAt) > ctx.now.getTime() + CLOCK_SKEW_MS)
    throw problem('exchange.bundle_not_yet_valid', { time: header.createdAt });

  // The header commits to the content (its hash and length), so its hash names the whole bundle.
  const bundleHash = sha256Hex(headerBytes);
  const sender = header.sender.installation;
  const last = ctx.stateOf(sender);
  const params = { installation: sender, sequence: header.sequence };
  const expected = (last?.sequence ?? 0) + 1;
  if (last && header.sequence === last.sequence) {
    if (bundleHash === last.bundleHash) throw problem('exchange.bundle_replayed', { ...params, bundleId: header.bundleId });
    throw problem('exchange.bundle_forked', params);
  }
  if (header.sequence < expected) throw problem('exchange.bundle_rollback', { ...params, last: last?.sequence ?? 0 });
  if (header.sequence > expected) throw problem('exchange.bundle_gap', { ...params, expected });
  if (header.previousHash !== (last?.bundleHash ?? null)) throw problem('exchange.bundle_forked', params);

  const c = header.checkpoint;
  const auditKey = ctx.keys.find((k) => k.keyId === c.keyId && k.use === 'audit');
  const checkpointSignature = strictBase64url(c.signature);
  if (
    !auditKey ||
    auditKey.installation !== sender ||
    auditKey.party !== header.sender.party ||
    auditKey.alg !== 'Ed25519' ||
    keyRefusal(auditKey, ctx.now) ||
    !checkpointSignature ||
    !ctx.verify(auditKey, checkpointBytes(c), checkpointSignature)
  )
    throw problem('exchange.checkpoint_invalid', { installation: sender });
  if (last && c.treeSize < last.checkpoint.treeSize)
    throw problem('exchange.checkpoint_shrunk', { installation: sender, size: c.treeSize, last: last.checkpoint.treeSize });
  if (last && c.treeSize === last.checkpoint.treeSize && c.headHash !== last.checkpoint.headHash)
    throw problem('exchange.checkpoint_forked', { installation: sender, size: c.treeSize });
  // The proof that the new log still holds the head kept as its entry of that number: without it, a log
  // rewritten and grown since would pass the size-and-head check.
  if (header.auditProof && !verifyExtension(header.auditProof, c, last?.checkpoint ?? null))
    throw problem('exchange.checkpoint_not_extended', {
      installation: sender,
      size: c.treeSize,
      last: last?.checkpoint.treeSize ?? 0,
    });

  return {
    header,
    bundleHash,
    headLength,
    nextState: {
      sequence: header.sequence,
      bundleId: header.bundleId,
      bundleHash,
      checkpoint: { treeSize: c.treeSize, headHash: c.headHash },
    },
  };
}

/**
 * Checks a whole bundle for this installation: its head (`verifyBundleHead`), then its content,
 * exactly the signed length and hash (content mismatch). Answers the content's bytes, unparsed.
 */
export function verifyBundle(bytes: Uint8Array, ctx: VerifyContext): VerifiedBundle {
  const head = verifyBundleHead(bytes, ctx);
  const content = bytes.subarray(head.headLength);
  if (content.length !== head.header.content.length || sha256Hex(content) !== head.header.content.hash)
    throw problem('exchange.content_mismatch');
  return { ...head, content };
}

/**
 * Checks a bundle read as a stream, in bounded memory: the head first, from the first chunks, then
 * each chunk of content is hashed and handed to `onContent` as it comes. The content is only known
 * good at the end: `onContent` must write into a transaction the caller rolls back when this throws
 * (content mismatch). Nothing is handed over before the head has passed every check.
 */
export async function verifyBundleStream(
  chunks: AsyncIterable<Uint8Array>,
  ctx: VerifyContext,
  onContent: (chunk: Uint8Array) => void | Promise<void>,
): Promise<VerifiedHead> {
  let buffered = new Uint8Array(0);
  let head: VerifiedHead | null = null;
  const hash: StreamingHash = ctx.sha256 ? ctx.sha256() : sha256.create();
  let length = 0;
  const take = async (chunk: Uint8Array) => {
    if (chunk.length === 0) return;
    length += chunk.length;
    if (head && length > head.header.content.length) throw problem('exchange.content_mismatch');
    hash.update(chunk);
    await onContent(chunk);
  };
  for await (const chunk of chunks) {
    if (head) {
      await take(chunk);
      continue;
    }
    const joined = new Uint8Array(buffered.length + chunk.length);
    joined.set(buffered);
    joined.set(chunk, buffered.length);
    buffered = joined;
    if (buffered.length < MAX_HEAD_BYTES && !headComplete(buffered)) continue;
    head = verifyBundleHead(buffered, ctx);
    const rest = buffered.subarray(head.headLength);
    buffered = new Uint8Array(0);
    await take(rest);
  }
  if (!head) head = verifyBundleHead(buffered, ctx);
  if (length !== head.header.content.length || bytesToHex(hash.digest()) !== head.header.content.hash)
    throw problem('exchange.content_mismatch');
  return head;
}

/** True once the three lines before the content are all there. */
function headComplete(bytes: Uint8Array): boolean {
  let lines = 0;
  for (const b of bytes) if (b === 0x0a && ++lines === 3) return true;
  return false;
}
