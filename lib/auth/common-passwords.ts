import { dictionary } from "@zxcvbn-ts/language-common";

// The commonly used passwords of @zxcvbn-ts/language-common (about 49,000, lower case), built once on first use.
let set: ReadonlySet<string> | undefined;
export function commonPasswords(): ReadonlySet<string> {
  set ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return set;
}
