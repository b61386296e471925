// Background threads give way to searches at the OS level too. On two cores the serving thread, the format thread,
// the analysis and merge threads and the clients share the CPU; whenever the serving thread woke another thread
// (posting a search's hits to the format thread, writing a reply), the scheduler could hand its core to a
// background thread, and a search waited for that thread's time slice. Threads doing work that can wait (indexing
// analysis, segment merges, side-index builds) lower their own scheduling priority, so that when the CPU is
// contended the threads answering searches run first; when it is not, background threads run at full speed.
import { setPriority } from 'node:os';

/** The nice value of background threads: a thread at nice 0 gets ~9 times its CPU share when both want a core. */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the calling thread's scheduling priority. Linux keeps a nice value per thread (setpriority(2) with a pid of
 * 0 applies to the calling thread); elsewhere it would apply to the whole process, so it is left alone.
 */
export function runAsBackgroundThread(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(BACKGROUND_NICE);
  } catch {
    // Not permitted here (a sandbox): the thread keeps the process's priority.
  }
}
