// A real OpenID provider for the tests (oidc-provider, the certified Node.js implementation), never a mock: started
// in the test's own process on a free port, with its development login and consent pages (devInteractions), which
// a test drives over HTTP (signInAtProvider) and an e2e test drives in Chromium. The accounts are a map the test
// fills: login name → the claims the provider sends for it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
// @ts-expect-error -- oidc-provider ships no type declarations
import Provider from "oidc-provider";

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** login name at the provider → claims (sub is the login name unless given) */
  accounts: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

export const TEST_CLIENT = { clientId: "bolus-test", clientSecret: "bolus-test-secret-not-for-production" } as const;

/** Starts a provider at 127.0.0.1:`port` (0: any free port) that knows one client, Bolus at `redirectUri`. */
export async function startTestProvider(redirectUri: string, port = 0): Promise<TestProvider> {
  const accounts = new Map<string, Record<string, unknown>>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.clientId,
        client_secret: TEST_CLIENT.clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      bolus: ["bolus_roles", "bolus_units"],
    },
    cookies: { keys: ["bolus-test-provider-cookie-key"] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    async findAccount(_ctx: unknown, id: string) {
      const claims = accounts.get(id);
      if (!claims) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
  });
  // the provider's warnings (development keys, devInteractions) are for a real deployment, not for a test
  provider.on?.("server_error", (_ctx: unknown, err: Error) => console.error("[test provider]", err));
  server.on("request", provider.callback());
  return {
    issuer,
    ...TEST_CLIENT,
    accounts,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

/**
 * Drives the provider's own login and consent pages over HTTP, as a browser would (its cookies kept in a jar), from
 * Bolus's authorization address until the provider sends the browser back to `redirectUri`; returns that address
 * (with code, state and iss, or an error). `login` is the account's login name at the provider.
 */
export async function signInAtProvider(authorizationUrl: string, login: string, redirectUri: string, options: { cancel?: boolean } = {}): Promise<URL> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  };
  const cookie = () => [...jar].filter(([, v]) => v !== "").map(([k, v]) => `${k}=${v}`).join("; ");
  let url = new URL(authorizationUrl);
  let init: RequestInit = {};
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string> | undefined), cookie: cookie() } });
    keep(res);
    init = {};
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      const target = new URL(location, url);
      if (target.href.startsWith(redirectUri)) return target;
      url = target;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`the provider answered ${res.status} at ${url.pathname}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no login or consent form at ${url.pathname}: ${html.slice(0, 300)}`);
    if (options.cancel) {
      url = new URL(`${new URL(action.replaceAll("&amp;", "&"), url).pathname}/abort`, url);
      continue;
    }
    const body = new URLSearchParams(prompt === "login" ? { prompt, login, password: "any" } : { prompt });
    url = new URL(action.replaceAll("&amp;", "&"), url);
    init = { method: "POST", body: body.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } };
  }
  throw new Error("the provider did not send the browser back to Bolus within 20 redirects");
}
