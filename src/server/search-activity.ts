// Whether someone is searching this server now, so that writes can take shorter turns of the event loop then.
// A search waits behind at most one chunk of a document write (tasks/index-documents.ts); short chunks cost
// throughput (measured on T2, a 10k index searched one query at a time while another index of the server
// ingested 60,000 passages: chunks of ~50 ms gave search p99 70 ms and 40 s of ingestion, ~10 ms gave 33 ms and
// 48 s), so they are used only while searches arrive.

/** A search this recent makes the server "searched". */
const RECENT_MS = 2_000;

let lastSearchAt = -Infinity;

/** Called for every search request (search, multi-search, facet search, ask). */
export function noteSearch(now: number = performance.now()): void {
  lastSearchAt = now;
}

/** Whether a search arrived within the last two seconds. */
export function searchedRecently(now: number = performance.now()): boolean {
  return now - lastSearchAt < RECENT_MS;
}
