// The term dictionary of TermVariants, by id. A restart reads it packed (one string and the lengths) and
// cuts a term out only when a query needs it: slicing a million terms up front cost a third of a second
// and as much again in garbage collection, for the few ids a query's expansions return.
export class TermList {
  /** Packed terms (ids 0 … count-1): their concatenation and where each starts (count + 1 entries). */
  private packedText = '';
  private starts = new Uint32Array(1);
  /** Terms added after loading, ids count … */
  private readonly added: string[] = [];

  /** The list of `lengths.length` terms whose concatenation is `text`. */
  static packed(text: string, lengths: Uint32Array): TermList {
    const list = new TermList();
    list.packedText = text;
    list.starts = new Uint32Array(lengths.length + 1);
    for (let i = 0; i < lengths.length; i++) list.starts[i + 1] = list.starts[i]! + lengths[i]!;
    return list;
  }

  private get packedCount(): number {
    return this.starts.length - 1;
  }

  get length(): number {
    return this.packedCount + this.added.length;
  }

  at(id: number): string {
    return id < this.packedCount ? this.packedText.slice(this.starts[id], this.starts[id + 1]) : this.added[id - this.packedCount]!;
  }

  push(term: string): void {
    this.added.push(term);
  }

  forEach(visit: (term: string, id: number) => void): void {
    for (let id = 0; id < this.length; id++) visit(this.at(id), id);
  }
}
