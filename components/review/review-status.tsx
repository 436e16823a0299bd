"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";

const Announce = createContext<(message: string) => void>(() => undefined);

/**
 * A signed review leaves the queue when the page refreshes, taking its form with it. The confirmation therefore lives
 * here, above the queue, and takes the keyboard focus so it is neither lost nor unheard.
 */
export function ReviewStatusProvider({ children }: { children: React.ReactNode }) {
  const [message, setMessage] = useState<{ text: string; n: number } | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const announce = useCallback((text: string) => setMessage((m) => ({ text, n: (m?.n ?? 0) + 1 })), []);
  useEffect(() => {
    if (message) box.current?.focus();
  }, [message]);
  return (
    <Announce.Provider value={announce}>
      <div ref={box} tabIndex={-1} role="status" aria-live="polite" className="mb-4 empty:hidden">
        {message ? (
          <div className="flex gap-2 rounded-md border-l-4 border-green-700 bg-green-50 px-4 py-3 text-green-950">
            <span aria-hidden="true">✓</span>
            <p>
              <span className="sr-only">Done: </span>
              {message.text}
            </p>
          </div>
        ) : null}
      </div>
      {children}
    </Announce.Provider>
  );
}

export function useAnnounce(): (message: string) => void {
  return useContext(Announce);
}
