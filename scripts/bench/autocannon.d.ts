// autocannon 9 ships no types: the little of its API scripts/bench/http.ts uses.
declare module "autocannon" {
  interface Instance extends PromiseLike<unknown> {
    on(event: string, listener: (...args: never[]) => void): Instance;
  }
  function autocannon(options: Record<string, unknown>): Instance;
  export default autocannon;
}
