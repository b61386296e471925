// The inverted index of saved alerts: candidate key → alert uids, with the units of the alert each key serves.
// A written document is turned into keys (candidate-keys.ts); an alert is checked on it only when the document
// has a key for every unit the alert needs (`all`) or for any (the other strategies). So the cost of a write
// grows with the alerts it may match, not with every alert saved on the index.
import { toJamo } from '../analysis/hangul.ts';
import {
  emitTermKeys,
  emptyNeeds,
  mergeNeeds,
  TYPO_RARE_DOC_FREQ,
  type AlertKeys,
  type DocumentKeyNeeds,
  type TypoKey,
} from './candidate-keys.ts';

/** A written document as the index sees it: its number and its distinct term keys. */
export interface DocumentTerms {
  docNum: number;
  terms: Iterable<string>;
}

export interface Candidates {
  /** Alert uid → the document numbers it must be checked on. */
  byAlert: Map<string, number[]>;
  /** Typed words with a term of the chunk in their typo reach: only their typo expansion can matter here. */
  typoLive: Set<string>;
  /** Chosung keys (`c:…`) the chunk's terms produced: only those chosung expansions can matter here. */
  chosungLive: Set<string>;
}

/** What a key reaches: alert uid → the units (bits) it serves there. */
type Posting = Map<string, number>;

const JAMO_CACHE_LIMIT = 200_000;

export class AlertIndex {
  readonly #postings = new Map<string, Posting>();
  readonly #typoPostings = new Map<string, Map<string, TypoKey[]>>();
  readonly #matchAll = new Set<string>();
  readonly #keysOf = new Map<string, AlertKeys>();
  /** Only grows: a removed alert's needs stay until the next rebuild (a little extra work, never a miss). */
  readonly #needs: DocumentKeyNeeds = emptyNeeds();
  readonly #jamo = new Map<string, string>();

  get size(): number {
    return this.#keysOf.size;
  }

  add(uid: string, keys: AlertKeys): void {
    this.remove(uid);
    this.#keysOf.set(uid, keys);
    mergeNeeds(this.#needs, keys.needs);
    if (keys.matchAll) this.#matchAll.add(uid);
    for (const [key, bits] of keys.keys) {
      let posting = this.#postings.get(key);
      if (posting === undefined) this.#postings.set(key, (posting = new Map()));
      posting.set(uid, bits);
    }
    for (const typo of keys.typoKeys) {
      let byAlert = this.#typoPostings.get(typo.key);
      if (byAlert === undefined) this.#typoPostings.set(typo.key, (byAlert = new Map()));
      const list = byAlert.get(uid);
      if (list === undefined) byAlert.set(uid, [typo]);
      else list.push(typo);
    }
  }

  remove(uid: string): void {
    const keys = this.#keysOf.get(uid);
    if (keys === undefined) return;
    this.#keysOf.delete(uid);
    this.#matchAll.delete(uid);
    for (const key of keys.keys.keys()) {
      const posting = this.#postings.get(key);
      posting?.delete(uid);
      if (posting?.size === 0) this.#postings.delete(key);
    }
    for (const typo of keys.typoKeys) {
      const byAlert = this.#typoPostings.get(typo.key);
      byAlert?.delete(uid);
      if (byAlert?.size === 0) this.#typoPostings.delete(typo.key);
    }
  }

  /**
   * The candidate alerts of a chunk of written documents. `docFreq` reads the index after the write, as the
   * search expanding typos would.
   */
  candidates(documents: readonly DocumentTerms[], docFreq: (term: string) => number): Candidates {
    const out: Candidates = { byAlert: new Map(), typoLive: new Set(), chosungLive: new Set() };
    const freq = new Map<string, number>();
    const rare = (typo: TypoKey): boolean =>
      !typo.exact.some((term) => {
        let n = freq.get(term);
        if (n === undefined) freq.set(term, (n = docFreq(term)));
        return n >= TYPO_RARE_DOC_FREQ;
      });
    // term → (alert uid, unit bits) pairs, computed once per chunk
    const byTerm = new Map<string, Array<[string, number]>>();
    const hitsOf = (term: string): Array<[string, number]> => {
      let hits = byTerm.get(term);
      if (hits !== undefined) return hits;
      hits = [];
      const found = hits;
      emitTermKeys(
        term,
        this.#needs,
        (t) => this.#jamoOf(t),
        (key) => {
          const posting = this.#postings.get(key);
          if (posting !== undefined) {
            if (key.startsWith('c:')) out.chosungLive.add(key);
            for (const entry of posting) found.push(entry);
          }
          const typos = this.#typoPostings.get(key);
          if (typos !== undefined)
            for (const [uid, list] of typos)
              for (const typo of list) {
                out.typoLive.add(typo.word);
                if (rare(typo)) found.push([uid, typo.bit]);
              }
        },
      );
      byTerm.set(term, hits);
      return hits;
    };
    const masks = new Map<string, number>();
    for (const document of documents) {
      masks.clear();
      for (const term of document.terms)
        for (const [uid, bits] of hitsOf(term)) masks.set(uid, (masks.get(uid) ?? 0) | bits);
      for (const uid of this.#matchAll) masks.set(uid, 0);
      for (const [uid, mask] of masks) {
        const required = this.#keysOf.get(uid)?.required ?? 0;
        if ((mask & required) !== required) continue;
        const list = out.byAlert.get(uid);
        if (list === undefined) out.byAlert.set(uid, [document.docNum]);
        else list.push(document.docNum);
      }
    }
    return out;
  }

  #jamoOf(term: string): string {
    let jamo = this.#jamo.get(term);
    if (jamo === undefined) {
      if (this.#jamo.size >= JAMO_CACHE_LIMIT) this.#jamo.clear();
      this.#jamo.set(term, (jamo = toJamo(term)));
    }
    return jamo;
  }
}
