// Run by scripts/start.mjs before anything else when an OIDC_* setting is given: hospital sign-in settings that are
// not a usable set stop the server with every problem in words (docs/decisions/050-hospital-sign-in-oidc.md).
// Exit 0 when hospital sign-in is off or configured, 1 when the settings are invalid.
import { oidcConfigRefusal, parseOidcConfig } from "../lib/auth/oidc-config";

const result = parseOidcConfig(process.env);
if (result.state === "invalid") {
  console.error(oidcConfigRefusal(result.problems));
  process.exit(1);
}
if (result.state === "on") {
  const { config } = result;
  console.log(`Hospital sign-in: ${config.issuer.href} as client ${config.clientId}, returning to ${config.redirectUri.href}; roles ${config.roles === "claims" ? `from the claim ${config.roleClaim}, units from ${config.unitClaim}` : "kept in Bolus"}.`);
}
