// docx: mammoth turns the Word XML into clean HTML (headings from paragraph styles), which htmlBlocks reads.
import mammoth from 'mammoth';
import { asProblem, IngestProblem } from '../problems.ts';
import type { ExtractedDocument } from '../types.ts';
import { cfbHasStream, isCfb, readZip, zipText } from './containers.ts';
import { htmlBlocks, loadHtml } from './html.ts';

export async function parseDocx(bytes: Uint8Array): Promise<ExtractedDocument> {
  // A password-protected docx is not a zip at all but an OLE2 file holding the encrypted package.
  if (isCfb(bytes)) {
    if (cfbHasStream(bytes, 'EncryptedPackage') || cfbHasStream(bytes, 'EncryptionInfo'))
      throw new IngestProblem('encrypted', 'The docx is password-protected; save an unprotected copy to index it.');
    throw new IngestProblem('unsupported', 'The file is an old binary Word document (.doc) named .docx; save it as .docx.');
  }
  const parts = readZip(bytes, 'The docx', (name) => name === 'word/document.xml' || name === 'docProps/core.xml');
  if (parts['word/document.xml'] === undefined)
    throw new IngestProblem('corrupt', 'The docx has no word/document.xml; check that the file opens in Word.');
  try {
    const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    const document = loadHtml(value);
    const blocks = document.body ? htmlBlocks(document.body) : [];
    return { title: coreTitle(zipText(parts, 'docProps/core.xml')), blocks };
  } catch (error) {
    throw asProblem(error, 'The docx');
  }
}

/** `<dc:title>` of docProps/core.xml, shared by every OOXML format. */
function coreTitle(xml: string | null): string {
  const match = xml === null ? null : /<dc:title>([^<]*)<\/dc:title>/.exec(xml);
  return match?.[1] ? decodeXmlEntities(match[1]).trim() : '';
}

function decodeXmlEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[\da-f]+);/gi, (entity, name: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return named[name.toLowerCase()] ?? entity;
  });
}
