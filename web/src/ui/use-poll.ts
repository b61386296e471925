// Data that refreshes itself: loads now, then again every `intervalMs` while the page is visible.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Polled<T> {
  data: T | null;
  error: unknown;
  reload(): void;
}

/** `usePoll(() => api('GET', '/tasks'), 1000, [])`; the last good data stays while a refresh fails. */
export function usePoll<T>(load: () => Promise<T>, intervalMs: number, deps: unknown[]): Polled<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown }>({ data: null, error: null });
  const [generation, setGeneration] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (document.visibilityState !== 'hidden') {
        try {
          const data = await loader.current();
          if (live) setState({ data, error: null });
        } catch (error) {
          if (live) setState((previous) => ({ data: previous.data, error }));
        }
      }
      if (live) timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // deps are the caller's: what `load` depends on.
  }, [intervalMs, generation, ...deps]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, reload };
}
