// The inverted index of saved alerts: candidate key → alert uids. A written document is turned into keys
// (candidate-keys.ts) and checked only against the alerts those keys reach, so the cost of a write grows with the
// alerts it may match, not with every alert saved on the index.
import { toJamo } from '../analysis/hangul.ts';
import {
  emitTermKeys,
  emptyNeeds,
  mergeNeeds,
  TYPO_RARE_DOC_FREQ,
  type AlertKeys,
  type DocumentKeyNeeds,
  type TypoWord,
} from './candidate-keys.ts';
import { deletionNeighbourhood, withinEdits } from './edit-distance.ts';

/** A written document as the index sees it: its number and its distinct term keys. */
export interface DocumentTerms {
  docNum: number;
  terms: ReadonlySet<string>;
}

export interface Candidates {
  /** Alert uid → the document numbers it must be checked on. */
  byAlert: Map<string, number[]>;
  /** The typo words (of any saved alert) within their distance of a term. */
  nearWords(term: string): readonly TypoWord[];
  /** Whether a unit with these exact terms gets typo variants now: none is in TYPO_RARE_DOC_FREQ documents. */
  isRare(exact: readonly string[]): boolean;
  /** toJamo, cached. */
  jamoOf(term: string): string;
  /**
   * The typo variants search adds for a rare word now (`lookup`: the index's best few within its distance), kept
   * from chunk to chunk while they hold: see AlertIndex.#typoVariants. `source` is the term dictionary they are
   * read from (a new one, rebuilt after merges, starts afresh).
   */
  typoVariants(typo: TypoWord, source: object, lookup: () => ReadonlySet<string>): ReadonlySet<string>;
}

/** What a term reaches whatever the index holds: alerts by its keys, and typo words within their distance. */
interface TermHits {
  uids: string[];
  /** Typo words near the term: they count while rare (for the alerts registered under them, and for reach). */
  near: TypoWord[];
  /** The near words some alerts are registered under, with those alerts (the index's own sets). */
  registered: Array<{ typo: TypoWord; alerts: ReadonlySet<string> }>;
}

const NO_HITS: TermHits = { uids: [], near: [], registered: [] };

function someMissing(uids: ReadonlySet<string>, from: ReadonlySet<string>): boolean {
  for (const uid of uids) if (!from.has(uid)) return true;
  return false;
}
/** Terms whose hits are remembered between chunks (terms repeat from one chunk to the next). */
const TERM_CACHE_LIMIT = 300_000;
const JAMO_CACHE_LIMIT = 300_000;
const DOC_FREQ_CACHE_LIMIT = 300_000;

export class AlertIndex {
  readonly #postings = new Map<string, Set<string>>();
  /** Deletion-neighbourhood string (a y-key without its prefix) → typo words of every unit of every alert, by id. */
  readonly #typoWords = new Map<string, Map<string, TypoWord>>();
  readonly #typoUses = new Map<string, number>();
  /** Typo word → the alerts registered under a unit with that word. */
  readonly #byTypoWord = new Map<string, Set<string>>();
  readonly #matchAll = new Set<string>();
  readonly #keysOf = new Map<string, AlertKeys>();
  /** Only grows: a removed alert's needs stay until the next rebuild (a little extra work, never a miss). */
  readonly #needs: DocumentKeyNeeds = emptyNeeds();
  /** Deletions a term of n jamo needs to meet every registered typo word of nearby length; only grows too. */
  readonly #typoDepth: number[] = [];
  readonly #hits = new Map<string, TermHits>();
  readonly #jamo = new Map<string, string>();
  readonly #docFreqs = new Map<string, number>();
  /** indexedDocumentCount after the last chunk: #docFreqs holds for that state of the index. */
  #heldDocuments: number | null = null;
  /**
   * Typo variants by word (its distance follows from the word and the settings, which rebuild this index when they
   * change). A lookup (a walk of the term dictionary, 0.4–0.6 ms in bench:alerts) ranks the terms within the
   * word's distance by distance and document frequency; only a written term within that distance can
   * change the answer, by being new or by its frequency growing, and every such term lists the word among its near
   * words (#hitsOf). So an answer is dropped when a chunk holds such a term, and all of them when the dictionary
   * is replaced, documents were merged away (see #freshDocFreqs) or alerts change.
   */
  readonly #typoVariants = new Map<string, ReadonlySet<string>>();
  #typoSource: object | null = null;

  get size(): number {
    return this.#keysOf.size;
  }

  keysOf(uid: string): AlertKeys | undefined {
    return this.#keysOf.get(uid);
  }

  add(uid: string, keys: AlertKeys): void {
    this.remove(uid);
    this.#keysOf.set(uid, keys);
    this.#hits.clear();
    this.#typoVariants.clear();
    mergeNeeds(this.#needs, keys.needs);
    if (keys.matchAll) this.#matchAll.add(uid);
    for (const key of keys.keys) {
      let uids = this.#postings.get(key);
      if (uids === undefined) this.#postings.set(key, (uids = new Set()));
      uids.add(uid);
    }
    for (const typo of keys.typos) {
      let uids = this.#byTypoWord.get(typo.id);
      if (uids === undefined) this.#byTypoWord.set(typo.id, (uids = new Set()));
      uids.add(uid);
    }
    for (const typo of keys.allTypos) {
      const uses = this.#typoUses.get(typo.id) ?? 0;
      this.#typoUses.set(typo.id, uses + 1);
      if (uses > 0) continue;
      const { length } = typo.jamo;
      for (let n = Math.max(0, length - typo.distance); n <= length + typo.distance; n++)
        this.#typoDepth[n] = Math.max(this.#typoDepth[n] ?? 0, typo.distance);
      for (const s of deletionNeighbourhood(typo.jamo, typo.distance)) {
        let words = this.#typoWords.get(s);
        if (words === undefined) this.#typoWords.set(s, (words = new Map()));
        words.set(typo.id, typo);
      }
    }
  }

  remove(uid: string): void {
    const keys = this.#keysOf.get(uid);
    if (keys === undefined) return;
    this.#keysOf.delete(uid);
    this.#hits.clear();
    this.#typoVariants.clear();
    this.#matchAll.delete(uid);
    for (const key of keys.keys) {
      const uids = this.#postings.get(key);
      uids?.delete(uid);
      if (uids?.size === 0) this.#postings.delete(key);
    }
    for (const typo of keys.typos) {
      const uids = this.#byTypoWord.get(typo.id);
      uids?.delete(uid);
      if (uids?.size === 0) this.#byTypoWord.delete(typo.id);
    }
    for (const typo of keys.allTypos) {
      const uses = (this.#typoUses.get(typo.id) ?? 1) - 1;
      if (uses > 0) {
        this.#typoUses.set(typo.id, uses);
        continue;
      }
      this.#typoUses.delete(typo.id);
      for (const s of deletionNeighbourhood(typo.jamo, typo.distance)) {
        const words = this.#typoWords.get(s);
        words?.delete(typo.id);
        if (words?.size === 0) this.#typoWords.delete(s);
      }
    }
  }

  /**
   * The candidate alerts of a chunk of written documents. `docFreq` reads the index after the write: a typo word
   * counts only while it is rare, as the search expanding typos would decide. `heldDocuments` is the index's
   * indexedDocumentCount after the write (documents its segments hold, replaced ones included until merged).
   */
  candidates(
    documents: readonly DocumentTerms[],
    docFreq: (term: string) => number,
    heldDocuments: number,
  ): Candidates {
    const freq = this.#freshDocFreqs(documents, heldDocuments);
    const isRare = (exact: readonly string[]): boolean =>
      !exact.some((term) => {
        let n = freq.get(term);
        if (n === undefined) {
          if (freq.size >= DOC_FREQ_CACHE_LIMIT) freq.clear();
          freq.set(term, (n = docFreq(term)));
        }
        return n >= TYPO_RARE_DOC_FREQ;
      });
    const out: Candidates = {
      byAlert: new Map(),
      nearWords: (term) => this.#hitsOf(term).near,
      isRare,
      jamoOf: (term) => this.#jamoOf(term),
      typoVariants: (typo, source, lookup) => {
        if (source !== this.#typoSource) {
          this.#typoVariants.clear();
          this.#typoSource = source;
        }
        const key = typo.word;
        let found = this.#typoVariants.get(key);
        if (found === undefined) this.#typoVariants.set(key, (found = lookup()));
        return found;
      },
    };
    for (const document of documents) {
      const uids = new Set(this.#matchAll);
      for (const term of document.terms) {
        const hits = this.#hitsOf(term);
        for (const typo of hits.near) this.#typoVariants.delete(typo.word);
        for (const uid of hits.uids) uids.add(uid);
        // Rarity reads the index (a lookup per segment), so it is asked only when the word would add an alert.
        for (const { typo, alerts } of hits.registered)
          if (someMissing(alerts, uids) && isRare(typo.exact)) for (const uid of alerts) uids.add(uid);
      }
      for (const uid of uids) {
        const list = out.byAlert.get(uid);
        if (list === undefined) out.byAlert.set(uid, [document.docNum]);
        else list.push(document.docNum);
      }
    }
    return out;
  }

  /** The term's hits, remembered until an alert is added or removed. */
  #hitsOf(term: string): TermHits {
    let hits = this.#hits.get(term);
    if (hits !== undefined) return hits;
    const uids = new Set<string>();
    const near = new Map<string, TypoWord>();
    emitTermKeys(
      term,
      this.#needs,
      (jamoLength) => this.#typoDepth[jamoLength] ?? 0,
      (t) => this.#jamoOf(t),
      (key) => {
        const found = this.#postings.get(key);
        if (found !== undefined) for (const uid of found) uids.add(uid);
      },
      (deleted) => {
        const words = this.#typoWords.get(deleted);
        if (words !== undefined)
          for (const [id, typo] of words)
            if (!near.has(id) && withinEdits(this.#jamoOf(term), typo.jamo, typo.distance))
              near.set(id, typo);
      },
    );
    const registered: TermHits['registered'] = [];
    for (const [id, typo] of near) {
      const alerts = this.#byTypoWord.get(id);
      if (alerts !== undefined) registered.push({ typo, alerts });
    }
    hits =
      uids.size === 0 && near.size === 0
        ? NO_HITS
        : { uids: [...uids], near: [...near.values()], registered };
    if (this.#hits.size >= TERM_CACHE_LIMIT) this.#hits.clear();
    this.#hits.set(term, hits);
    return hits;
  }

  /**
   * Document frequencies remembered from earlier chunks (a lookup reads every segment): a term's count changes when
   * a document with it is written, which drops it here, or when a merge drops replaced documents, which the count
   * of held documents shows (it grows by exactly the chunk otherwise), and then they are all forgotten.
   */
  #freshDocFreqs(documents: readonly DocumentTerms[], heldDocuments: number): Map<string, number> {
    if (this.#heldDocuments === null || heldDocuments !== this.#heldDocuments + documents.length) {
      this.#docFreqs.clear();
      this.#typoVariants.clear();
    }
    else for (const document of documents) for (const term of document.terms) this.#docFreqs.delete(term);
    this.#heldDocuments = heldDocuments;
    return this.#docFreqs;
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
