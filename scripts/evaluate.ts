// The engine's command line (engine-contract.md):
//   npm run --silent evaluate -- [--compare] <file|->
// Prints exactly one JSON document on stdout. Exit 0 with a decision; exit 2 with
// {"error":"invalid-request","issues":[…]} on bad input (unreadable file, non-JSON, invalid request);
// exit 1 with {"error":"internal-error"} if the engine itself fails. Never a stack trace.
import { readFile } from "node:fs/promises";
import { compareProtocols, evaluateDose, type Issue } from "../lib/rules/index";

const USAGE = "usage: evaluate [--compare] <file|->";

function emit(doc: unknown, code: number): void {
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  process.exitCode = code;
}

function invalid(issues: Issue[]): void {
  emit({ error: "invalid-request", issues }, 2);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

async function main(argv: string[]): Promise<void> {
  let compare = false;
  const files: string[] = [];
  for (const a of argv) {
    if (a === "--compare") compare = true;
    else if (a === "--") continue;
    else if (a === "-" || !a.startsWith("-")) files.push(a);
    else return invalid([{ path: "", message: `unknown option ${a}; ${USAGE}` }]);
  }
  const [file] = files;
  if (file === undefined || files.length !== 1) return invalid([{ path: "", message: USAGE }]);

  let text: string;
  try {
    text = file === "-" ? await readStdin() : await readFile(file, "utf8");
  } catch (e) {
    const code = typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "unreadable";
    return invalid([{ path: "", message: `cannot read ${file === "-" ? "standard input" : file} (${code})` }]);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return invalid([{ path: "", message: "input is not JSON" }]);
  }
  const outcome = compare ? compareProtocols(input) : evaluateDose(input);
  if (!outcome.ok) return invalid(outcome.issues);
  emit(outcome.result, 0);
}

main(process.argv.slice(2)).catch(() => {
  emit({ error: "internal-error" }, 1);
});
