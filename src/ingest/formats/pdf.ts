// pdf: the text layer, page by page, so every passage can cite its page. Scanned PDFs without a text
// layer come out empty and are reported as such (OCR is out of scope).
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { asProblem, IngestProblem } from '../problems.ts';
import type { Block, ExtractedDocument } from '../types.ts';
import { paragraphBlocks } from './plain-text.ts';

export async function parsePdf(bytes: Uint8Array): Promise<ExtractedDocument> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | undefined;
  try {
    // A copy, since pdf.js may transfer (detach) the buffer it is given; no eval, since the file is untrusted.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
    const { text } = await extractText(pdf, { mergePages: false });
    const blocks: Block[] = [];
    text.forEach((pageText, i) => {
      for (const block of paragraphBlocks(pageText)) blocks.push({ ...block, page: i + 1 });
    });
    return { title: await metadataTitle(pdf), blocks };
  } catch (error) {
    const problem = asProblem(error, 'The PDF');
    // pdf.js says "Invalid PDF structure" for both; a missing %%EOF trailer tells an interrupted copy apart.
    if (problem.reason === 'corrupt' && isTruncatedPdf(bytes))
      throw new IngestProblem('truncated', 'The PDF is truncated (no %%EOF at its end); copy the complete file again.', { cause: error });
    throw problem;
  } finally {
    await pdf?.destroy();
  }
}

async function metadataTitle(pdf: Awaited<ReturnType<typeof getDocumentProxy>>): Promise<string> {
  try {
    const { info } = await getMeta(pdf);
    const title: unknown = info.Title;
    return typeof title === 'string' ? title.trim() : '';
  } catch {
    // Broken metadata must not cost the text: the file name stands in for the title.
    return '';
  }
}

function isTruncatedPdf(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.subarray(0, 5).toString('latin1') === '%PDF-' && !buffer.subarray(-1024).includes('%%EOF');
}
