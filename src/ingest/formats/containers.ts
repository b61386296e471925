// Container checks shared by the office formats: zip (docx, hwpx) and OLE2/CFB (hwp, encrypted Office files).
// They tell a truncated file from a corrupt one, which the parser libraries report with the same message.
import { strFromU8, unzipSync, type Unzipped } from 'fflate';
import { IngestProblem } from '../problems.ts';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isCfb(bytes: Uint8Array): boolean {
  return CFB_MAGIC.every((byte, i) => bytes[i] === byte);
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** CFB files are whole 512-byte sectors; a tail that is not is the usual sign of an interrupted copy. */
export function looksTruncatedCfb(bytes: Uint8Array): boolean {
  return bytes.length < 1536 || bytes.length % 512 !== 0;
}

/** The end-of-central-directory record sits in the last 64 KB of every complete zip. */
function hasZipEnd(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--)
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return true;
  return false;
}

/** Unzips `bytes`, keeping only entries `keep` accepts; a bad archive becomes a truncated or corrupt problem. */
export function readZip(bytes: Uint8Array, what: string, keep: (name: string) => boolean = () => true): Unzipped {
  if (!isZip(bytes)) throw new IngestProblem('corrupt', `${what} is not a zip archive as its format requires; check that the file opens in its own application.`);
  if (!hasZipEnd(bytes)) throw new IngestProblem('truncated', `${what} is truncated (its zip directory is missing); copy the complete file again.`);
  try {
    return unzipSync(bytes, { filter: (file) => keep(file.name) });
  } catch (error) {
    throw new IngestProblem('corrupt', `${what} is a damaged zip archive (${(error as Error).message}); check that the file opens in its own application.`, { cause: error });
  }
}

export function zipText(entries: Unzipped, name: string): string | null {
  const entry = entries[name];
  return entry === undefined ? null : strFromU8(entry);
}

/** UTF-16LE stream names inside a CFB file, e.g. Office's `EncryptedPackage` for password-protected docx. */
export function cfbHasStream(bytes: Uint8Array, name: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(name, 'utf16le'));
}
