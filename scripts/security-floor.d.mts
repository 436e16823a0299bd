// Types for scripts/security-floor.mjs (read by the unit tests).
export interface FloorCheck { ok: boolean; why: string }
export interface FloorLine extends FloorCheck { name: string; version: string | null; file: string | null }
export const RELEASE_FLOORS: Record<"next" | "react" | "react-dom", string>;
export const CANARY_DATE_FLOOR: string;
export const VENDORED: readonly { name: string; file: string; channel: string; optional?: boolean }[];
export function parseRelease(v: unknown): [number, number, number] | null;
export function checkRelease(version: unknown, floor: string): FloorCheck;
export function checkVendored(version: unknown, channel: string, releaseFloor?: string, dateFloor?: string): FloorCheck;
export function bundleVersion(source: string): string | null;
export function securityFloor(root: string): FloorLine[];
