// When a fresh webhook process counts as warm: pure, so the rule is the same for every server and unit-tested.
//
// V8 optimizes a function after a number of calls, not after a time, and on a loaded machine its
// compiler threads lag: a fixed number of seconds warms a server that answers fewer requests per
// second less. The rule therefore asks for a number of requests and for the rate to stop rising.

export interface WarmupRule {
  /** Never stop before this long. */
  readonly minMs: number;
  /** Never stop before this many answered requests. */
  readonly minRequests: number;
  /** Stop at this long whatever the rate does, so a server that never settles cannot hold the run. */
  readonly maxMs: number;
  /** Still warming while the last slice's requests/s exceeds the one before by more than this fraction. */
  readonly risingBy: number;
}

/** One slice of warm-up load: its wall time and the requests answered in it. */
export interface WarmupSlice {
  readonly ms: number;
  readonly requests: number;
}

export function warmupTotals(slices: readonly WarmupSlice[]): WarmupSlice {
  return slices.reduce((a, s) => ({ ms: a.ms + s.ms, requests: a.requests + s.requests }), { ms: 0, requests: 0 });
}

/** Whether the slices so far warmed the server: enough time and requests, and a rate no longer rising; or the time cap. */
export function isWarm(slices: readonly WarmupSlice[], rule: WarmupRule): boolean {
  const total = warmupTotals(slices);
  if (total.ms >= rule.maxMs) return true;
  if (total.ms < rule.minMs || total.requests < rule.minRequests || slices.length < 2) return false;
  const rate = (s: WarmupSlice) => (s.ms > 0 ? s.requests / s.ms : 0);
  const last = slices[slices.length - 1] as WarmupSlice;
  const before = slices[slices.length - 2] as WarmupSlice;
  return rate(last) <= rate(before) * (1 + rule.risingBy);
}
