// Sealing a workspace secret for an archive: AES-256-GCM under a key stretched from a passphrase with scrypt.
// An archive holds key hashes only; the secret their values derive from travels sealed, so the archive alone
// reveals no usable key, and the passphrase brings tenant tokens and key values back on import.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { KachiError } from '../../errors.ts';

export interface SealedSecret {
  [key: string]: string;
  alg: 'scrypt-aes-256-gcm';
  /** scrypt's cost N, as a decimal string. */
  n: string;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

/**
 * scrypt N = 2^15, r = 8 (~50-100 ms and 32 MiB per call, once per export or import) for a passphrase a person
 * chose; N = 2^10 when the server re-seals with its master key, which is long and random already.
 */
const PASSPHRASE_COST = 1 << 15;
export const KEY_COST = 1 << 10;
export const MIN_PASSPHRASE_LENGTH = 8;

function keyFor(passphrase: string, salt: Buffer, cost: number): Buffer {
  if (!Number.isInteger(cost) || cost < KEY_COST || cost > 1 << 20 || (cost & (cost - 1)) !== 0)
    throw new KachiError('invalid_archive', `The archive's scrypt cost \`${cost}\` is not one Kachi accepts.`);
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { N: cost, r: 8, p: 1, maxmem: 256 * 1024 * 1024 });
}

export function checkPassphrase(passphrase: unknown): string {
  if (typeof passphrase !== 'string' || [...passphrase].length < MIN_PASSPHRASE_LENGTH)
    throw new KachiError(
      'invalid_archive_passphrase',
      `An archive passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters is required: it seals the secret the workspace's keys derive from.`,
    );
  return passphrase;
}

export function sealSecret(secret: string, passphrase: string, cost = PASSPHRASE_COST): SealedSecret {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(passphrase, salt, cost), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return {
    alg: 'scrypt-aes-256-gcm',
    n: String(cost),
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** The secret, or 400 `invalid_archive_passphrase` when the passphrase is wrong (GCM authenticates it). */
export function openSealedSecret(sealed: unknown, passphrase: string): string {
  const s = sealed as Partial<SealedSecret> | null;
  if (typeof s !== 'object' || s === null || s.alg !== 'scrypt-aes-256-gcm' || !s.salt || !s.iv || !s.tag || !s.data)
    throw new KachiError('invalid_archive', 'The archive holds no sealed workspace secret it can read.');
  const key = keyFor(passphrase, Buffer.from(s.salt, 'base64'), Number(s.n ?? PASSPHRASE_COST));
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(s.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new KachiError('invalid_archive_passphrase', 'The passphrase does not open this archive: use the one given when it was exported.');
  }
}
