"use client";

import { createContext, useContext } from "react";

// Whether this session has given its first signature yet (Part 11 §11.200(a)(1)(i), docs/decisions/055): until it
// has, every signature form also asks for the user id. Set by the clinical layout from the session row; the server
// decides again at each signature (a form drawn before the first signature, or after a new sign-in, is answered
// with a field error asking for the user id). Without a provider the forms ask: the safe side.
const AskUserId = createContext(true);

export function SignatureSession({ askUserId, children }: { askUserId: boolean; children: React.ReactNode }) {
  return <AskUserId.Provider value={askUserId}>{children}</AskUserId.Provider>;
}

export const useAskUserId = () => useContext(AskUserId);
