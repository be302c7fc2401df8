// The text of anything thrown: an Error's message, or the thrown value itself as a string
// (scripts, workers and third-party code sometimes throw strings or plain objects).

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
