// hwpx (OWPML: a zip of XML parts): sections in spine order, one block per <hp:p>; paragraphs whose
// paraPr is an outline level (개요 1…7) become headings, as Hangul shows them in its outline view.
import { XMLParser } from 'fast-xml-parser';
import { asProblem, IngestProblem } from '../problems.ts';
import type { Block, ExtractedDocument } from '../types.ts';
import { readZip, zipText } from './containers.ts';

type XmlNode = { [tag: string]: XmlNode[] | string | { [attribute: string]: string } | undefined };

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false, parseAttributeValue: false });

export function parseHwpx(bytes: Uint8Array): ExtractedDocument {
  const parts = readZip(bytes, 'The HWPX file', (name) => name.startsWith('Contents/') || name === 'META-INF/manifest.xml');
  // Password-protected HWPX lists ODF-style <encryption-data> for each encrypted part in the manifest.
  if (/encryption-data/.test(zipText(parts, 'META-INF/manifest.xml') ?? ''))
    throw new IngestProblem('encrypted', 'The HWPX file is password-protected; save an unprotected copy to index it.');
  const packageXml = zipText(parts, 'Contents/content.hpf');
  const sections = sectionNames(packageXml, Object.keys(parts));
  if (sections.length === 0) throw new IngestProblem('corrupt', 'The HWPX file has no Contents/section*.xml; check that it opens in Hangul.');
  try {
    const outline = outlineLevels(zipText(parts, 'Contents/header.xml') ?? '');
    const blocks: Block[] = [];
    for (const name of sections) collectParagraphs(parser.parse(zipText(parts, name) ?? '') as XmlNode[], outline, blocks);
    const title = /<opf:title>([^<]*)<\/opf:title>/.exec(packageXml ?? '')?.[1]?.trim() ?? '';
    return { title, blocks };
  } catch (error) {
    throw asProblem(error, 'The HWPX file');
  }
}

/** Section parts in reading order: the package spine when present, else section0, section1, … */
function sectionNames(packageXml: string | null, names: string[]): string[] {
  const present = new Set(names);
  const fromSpine: string[] = [];
  if (packageXml !== null) {
    const hrefs = new Map<string, string>();
    for (const match of packageXml.matchAll(/<opf:item [^>]*id="([^"]+)"[^>]*href="([^"]+)"/g)) hrefs.set(match[1] ?? '', match[2] ?? '');
    for (const match of packageXml.matchAll(/<opf:itemref [^>]*idref="([^"]+)"/g)) {
      const href = hrefs.get(match[1] ?? '');
      if (href !== undefined && /section\d+\.xml$/.test(href) && present.has(href)) fromSpine.push(href);
    }
  }
  if (fromSpine.length > 0) return fromSpine;
  const number = (name: string): number => Number(/section(\d+)\.xml$/.exec(name)?.[1] ?? 0);
  return names.filter((name) => /^Contents\/section\d+\.xml$/.test(name)).sort((a, b) => number(a) - number(b));
}

/** paraPr id → heading level (1-based) for paragraph shapes of type OUTLINE in header.xml. */
function outlineLevels(headerXml: string): Map<string, number> {
  const levels = new Map<string, number>();
  for (const chunk of headerXml.split('<hh:paraPr ').slice(1)) {
    const id = /^[^>]*\bid="(\d+)"/.exec(chunk)?.[1];
    const heading = /<hh:heading type="OUTLINE"[^>]*level="(\d+)"/.exec(chunk.split('</hh:paraPr>')[0] ?? '');
    if (id !== undefined && heading?.[1] !== undefined) levels.set(id, Number(heading[1]) + 1);
  }
  return levels;
}

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@');
}

function attributes(node: XmlNode): { [attribute: string]: string } {
  const value = node[':@'];
  return value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function children(node: XmlNode, tag: string): XmlNode[] {
  const value = node[tag];
  return Array.isArray(value) ? value : [];
}

/** Walks the tree: each <hp:p> yields its own text, then the paragraphs nested in it (tables, notes, boxes). */
function collectParagraphs(nodes: XmlNode[], outline: Map<string, number>, blocks: Block[]): void {
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === undefined || tag === '#text') continue;
    if (tag !== 'hp:p') {
      collectParagraphs(children(node, tag), outline, blocks);
      continue;
    }
    const nested: Block[] = [];
    const text = paragraphText(children(node, tag), outline, nested).replace(/[ \t\u00a0]+/g, ' ').trim();
    const level = outline.get(attributes(node).paraPrIDRef ?? '');
    if (text !== '') blocks.push(level === undefined ? { kind: 'paragraph', text } : { kind: 'heading', level, text });
    blocks.push(...nested);
  }
}

function paragraphText(nodes: XmlNode[], outline: Map<string, number>, nested: Block[]): string {
  let text = '';
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === undefined || tag === '#text') continue;
    if (tag === 'hp:p') collectParagraphs([node], outline, nested);
    else if (tag === 'hp:t') text += runText(children(node, tag));
    else text += paragraphText(children(node, tag), outline, nested);
  }
  return text;
}

function runText(nodes: XmlNode[]): string {
  let text = '';
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === '#text') text += String(node['#text'] ?? '');
    else if (tag === 'hp:tab') text += '\t';
    else if (tag === 'hp:lineBreak') text += '\n';
  }
  return text;
}
