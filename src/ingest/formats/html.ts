// html: Readability finds the main content (dropping menus, footers and ads); headings and block elements
// under it become blocks. Pages Readability gives up on fall back to the whole body, minus chrome.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Block, ExtractedDocument } from '../types.ts';

/** The few DOM members used here; linkedom's nodes have them, and src has no DOM lib to type them. */
export interface HtmlNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<HtmlNode>;
  getAttribute?(name: string): string | null;
}
export interface HtmlDocument extends HtmlNode {
  title: string;
  body: (HtmlNode & { cloneNode(deep: boolean): HtmlElement }) | null;
  querySelectorAll(selector: string): ArrayLike<HtmlElement>;
}
export interface HtmlElement extends HtmlNode {
  remove(): void;
  querySelectorAll(selector: string): ArrayLike<HtmlElement>;
}

const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'HEAD']);
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY', 'THEAD',
  'TFOOT', 'TR', 'UL', 'BR', 'CAPTION', 'SUMMARY', ...HEADINGS,
]);

export function loadHtml(html: string): HtmlDocument {
  // linkedom builds a broken tree for fragments without <html>, so wrap them the way a browser would.
  const whole = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return parseHTML(whole).document as unknown as HtmlDocument;
}

/** Text blocks of the page's main content. Mutates `document` (Readability rewrites it): read links first. */
export function extractHtmlDocument(document: HtmlDocument): ExtractedDocument {
  const pageTitle = document.title.trim();
  // Readability empties the tree when it gives up, so keep a copy for the fallback.
  const body = document.body?.cloneNode(true) ?? null;
  let root: HtmlNode | null = null;
  let title = '';
  try {
    const article = new Readability<HtmlNode>(document as never, { serializer: (node) => node as unknown as HtmlNode, charThreshold: 100 }).parse();
    root = article?.content ?? null;
    title = article?.title?.trim() ?? '';
  } catch {
    // Readability throws on some odd trees; the whole body below is a fine fallback.
    root = null;
  }
  let blocks = root ? htmlBlocks(root) : [];
  if (blocks.length === 0) {
    for (const chrome of Array.from(body?.querySelectorAll('nav, header, footer, aside') ?? [])) chrome.remove();
    blocks = body ? htmlBlocks(body) : [];
  }
  const firstHeading = blocks.find((block) => block.kind === 'heading');
  return { title: title || pageTitle || firstHeading?.text || '', blocks };
}

export function parseHtml(html: string): ExtractedDocument {
  return extractHtmlDocument(loadHtml(html));
}

/** Headings, and the text of each block element that holds no other block (inline runs are joined). */
export function htmlBlocks(root: HtmlNode): Block[] {
  const blocks: Block[] = [];
  let inline = '';
  const flush = (): void => {
    const text = collapse(inline);
    if (text !== '') blocks.push({ kind: 'paragraph', text });
    inline = '';
  };
  const visit = (node: HtmlNode): void => {
    if (node.nodeType === 3) {
      inline += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const name = node.nodeName.toUpperCase();
    if (SKIPPED.has(name)) return;
    if (HEADINGS.has(name)) {
      flush();
      const text = collapse(node.textContent ?? '');
      if (text !== '') blocks.push({ kind: 'heading', level: Number(name.slice(1)), text });
      return;
    }
    const isBlock = BLOCKS.has(name);
    if (isBlock) flush();
    for (const child of Array.from(node.childNodes)) visit(child);
    if (isBlock) flush();
    else if (name === 'TD' || name === 'TH') inline += ' ';
  };
  visit(root);
  flush();
  return blocks;
}

/** Whitespace as a browser shows it: runs collapse to one space (no-break spaces included). */
function collapse(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}
