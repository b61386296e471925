// A trie over jamo (or chosung) strings with bounded edit-distance and prefix walks, for query expansion.
// It lives beside the jamo helpers because its keys are theirs (`toJamo`, `chosungOf`); the query layer
// (src/query/variants.ts) builds its side indexes on it.

interface Node {
  children: Map<string, Node> | null;
  ids: number[] | null;
}

export interface TrieMatch {
  id: number;
  /** Edit distance to the query, or for prefix walks the number of characters past the prefix. */
  distance: number;
}

const newNode = (): Node => ({ children: null, ids: null });

export class JamoTrie {
  private readonly root: Node = newNode();

  insert(key: string, id: number): void {
    let node = this.root;
    for (const ch of key) {
      node.children ??= new Map();
      let child = node.children.get(ch);
      if (!child) node.children.set(ch, (child = newNode()));
      node = child;
    }
    (node.ids ??= []).push(id);
  }

  remove(key: string, id: number): void {
    const node = this.find(key);
    if (node?.ids) node.ids = node.ids.filter((x) => x !== id);
  }

  /** Ids stored under exactly `key`. */
  exact(key: string): TrieMatch[] {
    return (this.find(key)?.ids ?? []).map((id) => ({ id, distance: 0 }));
  }

  /**
   * Ids whose key is within `maxDistance` of `query` by optimal string alignment (Levenshtein plus
   * swapping two neighbours). One Levenshtein row per trie node, and a branch is left as soon as
   * its row's minimum exceeds `maxDistance`, so only keys near the query are visited.
   * @example keys ㄱㅓㅁㅅㅐㄱ (검색): withinDistance('ㄱㅓㅁㅅㅑㄱ' (검샥), 1) → [{ id, distance: 1 }]
   */
  withinDistance(query: string, maxDistance: number): TrieMatch[] {
    const q = [...query];
    const out: TrieMatch[] = [];
    const first = Array.from({ length: q.length + 1 }, (_, j) => j);
    if (first[q.length]! <= maxDistance) for (const id of this.root.ids ?? []) out.push({ id, distance: first[q.length]! });
    const walk = (node: Node, ch: string, prevCh: string | null, grand: number[] | null, prev: number[]): void => {
      const row = new Array<number>(q.length + 1);
      row[0] = prev[0]! + 1;
      let min = row[0];
      for (let j = 1; j <= q.length; j++) {
        let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (q[j - 1] === ch ? 0 : 1));
        if (grand && j > 1 && ch === q[j - 2] && prevCh === q[j - 1]) d = Math.min(d, grand[j - 2]! + 1);
        row[j] = d;
        if (d < min) min = d;
      }
      if (row[q.length]! <= maxDistance) for (const id of node.ids ?? []) out.push({ id, distance: row[q.length]! });
      // Safe to prune: every later row is at least this row's minimum (a swap costs at least the step it replaces).
      if (min > maxDistance || !node.children) return;
      for (const [next, child] of node.children) walk(child, next, ch, prev, row);
    };
    for (const [ch, child] of this.root.children ?? []) walk(child, ch, null, null, first);
    return out;
  }

  /**
   * Ids whose key starts with `prefix`, nearest first, one trie level at a time; stops after the level
   * at which `atLeast` ids are collected, so a short prefix does not enumerate the whole dictionary.
   */
  withPrefix(prefix: string, atLeast: number): TrieMatch[] {
    const start = this.find(prefix);
    const out: TrieMatch[] = [];
    let level: Node[] = start ? [start] : [];
    for (let depth = 0; level.length > 0 && out.length < atLeast; depth++) {
      const next: Node[] = [];
      for (const node of level) {
        for (const id of node.ids ?? []) out.push({ id, distance: depth });
        if (node.children) next.push(...node.children.values());
      }
      level = next;
    }
    return out;
  }

  private find(key: string): Node | null {
    let node: Node | undefined = this.root;
    for (const ch of key) {
      node = node.children?.get(ch);
      if (!node) return null;
    }
    return node;
  }
}
