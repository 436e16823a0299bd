"use client";
import { useEffect, useRef } from "react";

const PRINT_ON_LOAD = "bolus:print-on-load";
/** A sheet older than this is read again before it is printed, so its "Printed …" line is the moment it was made. */
const FRESH_MS = 60_000;

/**
 * Prints the sheet (the browser's print dialog; print styles in app/globals.css). A page that has been open for more
 * than a minute is reloaded first and printed once it is back, so nothing recorded in between is missing from paper
 * that says "anything recorded after this time is not on this sheet".
 */
export function PrintButton({ label = "Print" }: { label?: string }) {
  const openedAt = useRef(0);
  useEffect(() => {
    openedAt.current = performance.now();
    if (sessionStorage.getItem(PRINT_ON_LOAD) === location.pathname + location.search) {
      sessionStorage.removeItem(PRINT_ON_LOAD);
      window.print();
    }
  }, []);
  return (
    <button
      type="button"
      onClick={() => {
        if (performance.now() - openedAt.current > FRESH_MS) {
          sessionStorage.setItem(PRINT_ON_LOAD, location.pathname + location.search);
          location.reload();
          return;
        }
        window.print();
      }}
      className="inline-flex min-h-11 items-center rounded-md bg-blue-700 px-4 font-semibold text-white hover:bg-blue-800 print:hidden"
    >
      {label}
    </button>
  );
}
