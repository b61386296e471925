// The inverted index of saved alerts: candidate key → alert uids. A written document is turned into keys
// (candidate-keys.ts) and checked only against the alerts those keys reach, so the cost of a write grows with
// the alerts it may match, not with every alert saved on the index.
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

const JAMO_CACHE_LIMIT = 200_000;

export class AlertIndex {
  readonly #postings = new Map<string, Set<string>>();
  readonly #typoPostings = new Map<string, Map<string, TypoKey>>();
  readonly #matchAll = new Set<string>();
  readonly #keysOf = new Map<string, AlertKeys>();
  /** Only grows: a removed alert's needs stay until the next rebuild, which costs a little extra work, never a miss. */
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
    for (const key of keys.keys) {
      let set = this.#postings.get(key);
      if (set === undefined) this.#postings.set(key, (set = new Set()));
      set.add(uid);
    }
    for (const typo of keys.typoKeys) {
      let map = this.#typoPostings.get(typo.key);
      if (map === undefined) this.#typoPostings.set(typo.key, (map = new Map()));
      map.set(uid, typo);
    }
  }

  remove(uid: string): void {
    const keys = this.#keysOf.get(uid);
    if (keys === undefined) return;
    this.#keysOf.delete(uid);
    this.#matchAll.delete(uid);
    for (const key of keys.keys) {
      const set = this.#postings.get(key);
      set?.delete(uid);
      if (set?.size === 0) this.#postings.delete(key);
    }
    for (const typo of keys.typoKeys) {
      const map = this.#typoPostings.get(typo.key);
      map?.delete(uid);
      if (map?.size === 0) this.#typoPostings.delete(typo.key);
    }
  }

  /**
   * Candidate alerts of a chunk of written documents: alert uid → the document numbers it must be checked on.
   * `docFreq` reads the index after the write, as the search that expands typos would.
   */
  candidates(documents: readonly DocumentTerms[], docFreq: (term: string) => number): Map<string, number[]> {
    const out = new Map<string, number[]>();
    const add = (uid: string, docNum: number): void => {
      const list = out.get(uid);
      if (list === undefined) out.set(uid, [docNum]);
      else if (list[list.length - 1] !== docNum) list.push(docNum);
    };
    const freq = new Map<string, number>();
    const rare = (typo: TypoKey): boolean =>
      !typo.exact.some((term) => {
        let n = freq.get(term);
        if (n === undefined) freq.set(term, (n = docFreq(term)));
        return n >= TYPO_RARE_DOC_FREQ;
      });
    const byTerm = new Map<string, string[]>();
    const alertsOf = (term: string): string[] => {
      let hits = byTerm.get(term);
      if (hits !== undefined) return hits;
      const found = new Set<string>();
      emitTermKeys(
        term,
        this.#needs,
        (t) => this.#jamoOf(t),
        (key) => {
          const exact = this.#postings.get(key);
          if (exact !== undefined) for (const uid of exact) found.add(uid);
          const typos = this.#typoPostings.get(key);
          if (typos !== undefined)
            for (const [uid, typo] of typos) if (!found.has(uid) && rare(typo)) found.add(uid);
        },
      );
      byTerm.set(term, (hits = [...found]));
      return hits;
    };
    for (const document of documents) {
      for (const uid of this.#matchAll) add(uid, document.docNum);
      for (const term of document.terms) for (const uid of alertsOf(term)) add(uid, document.docNum);
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
