import type { Metadata, Viewport } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Bolus", template: "%s · Bolus" },
  description: "High-dose IL-2 after TIL: pre-dose assessment, give or hold, review and verification.",
};

// Every page is rendered per request, so each carries the script nonce proxy.ts made for that request (a page
// rendered once at build time would carry none, and the Content Security Policy would stop its scripts).
// docs/decisions/053-browser-boundary.md.
export const dynamic = "force-dynamic";

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
